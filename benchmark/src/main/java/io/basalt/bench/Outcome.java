package io.basalt.bench;

import java.util.Optional;

/** How one timed execution ended: with an answer and its time, past the time limit, or with an error. */
public sealed interface Outcome {
  /** Finished: wall-clock milliseconds from execute to the last row read, and the answer. */
  record Done(double millis, Answer answer) implements Outcome {}

  /**
   * Ran past the time limit. {@code stopped} tells whether the cancel took effect; when it did
   * not, the execution may still be running and its connection must not be used again.
   */
  record TimedOut(double limitSeconds, boolean stopped) implements Outcome {}

  /** Failed: the error's messages, causes included. */
  record Failed(String message) implements Outcome {}

  /** The answer when {@link Done}. */
  default Optional<Answer> answerIfDone() {
    return this instanceof Done done ? Optional.of(done.answer()) : Optional.empty();
  }

  /** A short label for a table cell when not {@link Done}: {@code timeout >60s}, {@code error}. */
  default String label() {
    if (this instanceof TimedOut t) {
      return String.format(java.util.Locale.ROOT, "timeout >%.0fs", t.limitSeconds());
    }
    if (this instanceof Failed) {
      return "error";
    }
    return String.format(java.util.Locale.ROOT, "%.1f", ((Done) this).millis());
  }
}
