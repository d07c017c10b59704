package io.basalt.tests;

/** The messages of an exception and its causes, for assertions on what a user would read. */
public final class ErrorMessages {
  private ErrorMessages() {}

  /** Every message along {@code e}'s cause chain, joined by {@code " | "}. */
  public static String of(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t.getMessage()).append(" | ");
    }
    return sb.toString();
  }
}
