package io.basalt.engine.spill;

/**
 * A query wrote more temporary data than max_temp_size allows. Its own error, so that a user can
 * tell a full temp budget from a full memory budget.
 */
public final class SpillLimitExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpillLimitExceededException(String message) {
    super(message);
  }
}
