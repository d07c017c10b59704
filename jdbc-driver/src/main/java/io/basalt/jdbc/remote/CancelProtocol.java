package io.basalt.jdbc.remote;

import java.nio.charset.StandardCharsets;

/**
 * Basalt's cancel request, which Avatica's protocol lacks: the client POSTs {@code
 * connectionId\nstatementId} (UTF-8) to {@value #PATH} below the server URL, with the same
 * authentication as every other request; the server cancels that statement's running query and
 * answers 200 with {@value #CANCELLED} or {@value #NOT_FOUND}.
 */
public final class CancelProtocol {
  /** The request path, relative to the server's root. */
  public static final String PATH = "/basalt/cancel";
  public static final String CANCELLED = "cancelled";
  public static final String NOT_FOUND = "no such statement";

  private CancelProtocol() {}

  /** The request body for one statement. */
  public static byte[] encode(String connectionId, int statementId) {
    return (connectionId + "\n" + statementId).getBytes(StandardCharsets.UTF_8);
  }

  /** A decoded request. */
  public record Request(String connectionId, int statementId) {}

  /** Decodes a body written by {@link #encode}; a malformed body is an IllegalArgumentException. */
  public static Request decode(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    int newline = text.indexOf('\n');
    if (newline <= 0) {
      throw new IllegalArgumentException("malformed cancel request: expected connectionId\\nstatementId");
    }
    try {
      return new Request(text.substring(0, newline).strip(),
          Integer.parseInt(text.substring(newline + 1).strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed cancel request: statement id is not a number", e);
    }
  }
}
