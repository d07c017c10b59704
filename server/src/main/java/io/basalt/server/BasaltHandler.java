package io.basalt.server;

import io.basalt.jdbc.remote.CancelProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Basalt's own endpoints next to Avatica's protocol handler (which it wraps and which serves every
 * other path): {@code POST} {@value CancelProtocol#PATH} cancels a running statement, {@code GET
 * /basalt/status} reports connections, engine memory and frames as JSON. Sits behind the
 * authentication handler like everything else.
 */
final class BasaltHandler extends HandlerWrapper {
  static final String STATUS_PATH = "/basalt/status";
  private static final int MAX_CANCEL_BODY = 1024;

  private final BasaltMeta meta;

  BasaltHandler(BasaltMeta meta) {
    this.meta = meta;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request,
      HttpServletResponse response) throws IOException, ServletException {
    if (CancelProtocol.PATH.equals(target)) {
      baseRequest.setHandled(true);
      cancel(request, response);
    } else if (STATUS_PATH.equals(target)) {
      baseRequest.setHandled(true);
      respond(response, HttpServletResponse.SC_OK, "application/json", json(meta.status()));
    } else {
      super.handle(target, baseRequest, request, response);
    }
  }

  private void cancel(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      respond(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "text/plain",
          "POST connectionId\\nstatementId to cancel a statement\n");
      return;
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_CANCEL_BODY);
    }
    CancelProtocol.Request cancel;
    try {
      cancel = CancelProtocol.decode(body);
    } catch (IllegalArgumentException e) {
      respond(response, HttpServletResponse.SC_BAD_REQUEST, "text/plain", e.getMessage() + "\n");
      return;
    }
    boolean found = meta.cancel(cancel.connectionId(), cancel.statementId());
    // 200 either way: the Avatica HTTP client treats other codes as transport failures.
    respond(response, HttpServletResponse.SC_OK, "text/plain",
        found ? CancelProtocol.CANCELLED : CancelProtocol.NOT_FOUND);
  }

  private static void respond(HttpServletResponse response, int status, String type, String text)
      throws IOException {
    response.setStatus(status);
    response.setContentType(type + ";charset=utf-8");
    response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String json(Map<String, Long> values) {
    StringBuilder s = new StringBuilder("{");
    for (Map.Entry<String, Long> e : values.entrySet()) {
      s.append(s.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":")
          .append(e.getValue());
    }
    return s.append("}\n").toString();
  }
}
