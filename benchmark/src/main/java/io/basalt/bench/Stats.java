package io.basalt.bench;

import java.util.Arrays;
import java.util.List;

/** The two summaries the benchmark reports: the median of a query's runs and the geometric mean of ratios. */
public final class Stats {
  private Stats() {}

  /**
   * The median of {@code values}: the middle value, or the mean of the two middle values when the
   * count is even.
   *
   * @throws IllegalArgumentException when {@code values} is empty
   */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("median of no values");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * The geometric mean of {@code ratios}: exp of the mean of the logarithms, which is the usual way
   * to average speed ratios (a 2x win and a 2x loss average to 1x, not 1.25x).
   *
   * @throws IllegalArgumentException when {@code ratios} is empty or holds a value that is not a
   *     positive finite number
   */
  public static double geometricMean(List<Double> ratios) {
    if (ratios.isEmpty()) {
      throw new IllegalArgumentException("geometric mean of no values");
    }
    double logSum = 0;
    for (double r : ratios) {
      if (!(r > 0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException("geometric mean needs positive finite values, got " + r);
      }
      logSum += Math.log(r);
    }
    return Math.exp(logSum / ratios.size());
  }
}
