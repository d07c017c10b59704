package io.basalt.engine.format.csv;

/**
 * How the records of a CSV file are written, after sniffing: separator, quote ({@code '\0'} for
 * none), escape (equal to the quote for RFC 4180 doubling) and whether a header line comes first.
 */
public record CsvDialect(byte delimiter, byte quote, byte escape, boolean header) {
  public static final byte NO_QUOTE = 0;

  public static CsvDialect of(char delimiter, char quote, char escape, boolean header) {
    return new CsvDialect(ascii(delimiter, "delim"), ascii(quote, "quote"), ascii(escape, "escape"), header);
  }

  private static byte ascii(char c, String what) {
    if (c > 127) {
      throw new IllegalArgumentException(what + " must be an ASCII character, got '" + c + "'");
    }
    return (byte) c;
  }

  @Override
  public String toString() {
    return "delim=" + printable(delimiter) + " quote=" + printable(quote) + " escape="
        + printable(escape) + " header=" + header;
  }

  private static String printable(byte b) {
    return switch (b) {
      case '\t' -> "'\\t'";
      case 0 -> "none";
      default -> "'" + (char) b + "'";
    };
  }
}
