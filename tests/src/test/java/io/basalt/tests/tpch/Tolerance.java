package io.basalt.tests.tpch;

import java.math.BigDecimal;

/**
 * The one numeric equality every answer comparison uses: equal, or within 1e-9 of the larger
 * magnitude. JDK-only, so the shaded-jar answer check can use it too.
 */
public final class Tolerance {
  private static final BigDecimal RELATIVE = new BigDecimal("1e-9");

  private Tolerance() {}

  public static boolean equal(BigDecimal expected, BigDecimal actual) {
    if (expected.compareTo(actual) == 0) {
      return true;
    }
    BigDecimal scale = expected.abs().max(actual.abs());
    return expected.subtract(actual).abs().compareTo(scale.multiply(RELATIVE)) <= 0;
  }
}
