package io.basalt.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Keeps {@link CalcKernelBenchmark} honest: its body, run once, computes Q1's charge exactly. */
class CalcKernelBenchmarkTest {
  @Test
  void benchmarkBodyComputesTheChargeOfEveryPassingRow() {
    CalcKernelBenchmark b = new CalcKernelBenchmark();
    b.rows = 70_001;
    b.setUp();
    try {
      long expected = 0;
      for (int r = 0; r < b.rows; r++) {
        if (CalcKernelBenchmark.shipdate(r) > CalcKernelBenchmark.CUTOFF) {
          continue;
        }
        expected++;
        long p = CalcKernelBenchmark.price(r);
        if (p < 0) {
          continue;
        }
        BigDecimal charge = BigDecimal.valueOf(p, 2)
            .multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(CalcKernelBenchmark.disc(r), 2)))
            .multiply(BigDecimal.ONE.add(BigDecimal.valueOf(CalcKernelBenchmark.tax(r), 2)));
        expected += charge.setScale(6).unscaledValue().longValueExact();
      }
      assertEquals(expected, b.apply());
    } finally {
      b.tearDown();
    }
  }
}
