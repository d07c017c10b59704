package io.basalt.cli;

/** A command line Basalt cannot run: unknown command or option, missing or malformed value. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
