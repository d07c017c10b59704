package io.basalt.bench;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One engine's timed runs of one query: the milliseconds of the runs that finished, and the outcome
 * that stopped the runs early (a timeout or an error), if any.
 */
public record EngineResult(List<Double> millis, Outcome failure) {
  public EngineResult {
    millis = List.copyOf(millis);
  }

  /** The median run time, when every run finished. */
  public OptionalDouble median() {
    return failure != null || millis.isEmpty()
        ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(millis));
  }

  /** {@link #cell()} with {@code ms} after a time, for progress lines. */
  public String cellWithUnit() {
    return median().isPresent() ? cell() + " ms" : cell();
  }

  /** The median with one decimal, or the failure's short label. */
  public String cell() {
    OptionalDouble median = median();
    if (median.isPresent()) {
      return String.format(Locale.ROOT, "%.1f", median.getAsDouble());
    }
    return failure == null ? "-" : failure.label();
  }
}
