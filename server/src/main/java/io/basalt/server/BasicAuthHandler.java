package io.basalt.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * HTTP BASIC authentication in front of every request: a request without valid credentials gets
 * 401 with a {@code WWW-Authenticate} challenge, and nothing else happens.
 *
 * <p>A salted hash costs ~100 ms to check and the Avatica client sends its credentials with every
 * request, so credentials that passed once are remembered — as an HMAC under a key that lives only
 * in this process, never the password itself.
 */
final class BasicAuthHandler extends HandlerWrapper {
  static final String REALM = "basalt";
  private static final int MAX_REMEMBERED = 10_000;

  private final UsersFile users;
  private final byte[] key = new byte[32];
  private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

  BasicAuthHandler(UsersFile users) {
    this.users = users;
    new SecureRandom().nextBytes(key);
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request,
      HttpServletResponse response) throws IOException, ServletException {
    String user = authenticatedUser(request.getHeader("Authorization"));
    if (user == null) {
      baseRequest.setHandled(true);
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
      response.setContentType("text/plain;charset=utf-8");
      response.getOutputStream().write("401 Unauthorized: valid credentials required\n"
          .getBytes(StandardCharsets.UTF_8));
      return;
    }
    super.handle(target, baseRequest, request, response);
  }

  /** The user named by a valid {@code Basic} header, else null. */
  String authenticatedUser(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String name = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    String fingerprint = fingerprint(decoded);
    if (verified.containsKey(fingerprint)) {
      return name;
    }
    if (!users.authenticate(name, password)) {
      return null;
    }
    if (verified.size() >= MAX_REMEMBERED) {
      verified.clear();
    }
    verified.put(fingerprint, Boolean.TRUE);
    return name;
  }

  private String fingerprint(String credentials) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(
          mac.doFinal(credentials.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
