package io.basalt.planner.codegen;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.avatica.util.DateTimeUtils;

/**
 * The less hot helpers of generated kernels: building and releasing output batches, parsing and
 * formatting for CASTs from and to strings, month arithmetic on timestamps.
 */
public final class KernelRuntime2 {
  private KernelRuntime2() {}

  /** The output batch of a kernel: the vectors as they are, {@code rows} rows. */
  public static VectorSchemaRoot root(FieldVector[] outs, int rows) {
    List<FieldVector> list = new ArrayList<>(outs.length);
    for (FieldVector v : outs) {
      list.add(v);
    }
    VectorSchemaRoot r = new VectorSchemaRoot(list);
    r.setRowCount(rows);
    return r;
  }

  /** Releases the vectors built so far when a kernel fails. */
  public static void closeAll(FieldVector[] outs) {
    for (FieldVector v : outs) {
      if (v != null) {
        v.close();
      }
    }
  }

  /** ROUND of an integer: to a multiple of 10^-digits when digits < 0, half away from zero. */
  public static long roundLong(long v, int digits) {
    if (digits >= 0) {
      return v;
    }
    int k = -digits;
    if (k >= KernelRuntime.POW10.length) {
      return 0;
    }
    long q = KernelRuntime.down(v, k);
    long p = KernelRuntime.POW10[k];
    if (q > Long.MAX_VALUE / p || q < Long.MIN_VALUE / p) {
      throw KernelRuntime.error("BIGINT overflow: ROUND(" + v + ", " + digits + ")");
    }
    return q * p;
  }

  /** ROUND of a DOUBLE as Calcite's: its shortest decimal form rounded half away from zero. */
  public static double roundDouble(double x, int digits) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    return BigDecimal.valueOf(x).setScale(digits, java.math.RoundingMode.HALF_UP).doubleValue();
  }

  /** The unscaled value of {@code d} as a long; bails when it does not fit. */
  public static long unscaled(BigDecimal d) {
    if (d.unscaledValue().bitLength() > 63) {
      throw KernelRuntime.BAIL;
    }
    return d.unscaledValue().longValue();
  }

  /** Microseconds plus {@code months} months (day of month clamped as SQL does). */
  public static long tsAddMonths(long micros, long months) {
    long millis = Math.floorDiv(micros, 1000L);
    long rest = Math.floorMod(micros, 1000L);
    return DateTimeUtils.addMonths(millis, Math.toIntExact(months)) * 1000L + rest;
  }

  private static String text(byte[] a, int o, int l) {
    return KernelRuntime.str(a, o, l).trim();
  }

  public static long parseLong(byte[] a, int o, int l) {
    String s = text(a, o, l);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw KernelRuntime.error("cannot cast '" + s + "' to an integer");
    }
  }

  public static double parseDouble(byte[] a, int o, int l) {
    String s = text(a, o, l);
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw KernelRuntime.error("cannot cast '" + s + "' to DOUBLE");
    }
  }

  public static BigDecimal parseDecimal(byte[] a, int o, int l) {
    String s = text(a, o, l);
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw KernelRuntime.error("cannot cast '" + s + "' to DECIMAL");
    }
  }

  public static boolean parseBoolean(byte[] a, int o, int l) {
    String s = text(a, o, l);
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false")) {
      return false;
    }
    throw KernelRuntime.error("cannot cast '" + s + "' to BOOLEAN");
  }

  public static long parseDate(byte[] a, int o, int l) {
    String s = text(a, o, l);
    try {
      return java.time.LocalDate.parse(s).toEpochDay();
    } catch (java.time.DateTimeException e) {
      throw KernelRuntime.error("cannot cast '" + s + "' to DATE");
    }
  }

  public static long parseTimestamp(byte[] a, int o, int l) {
    String s = text(a, o, l);
    try {
      java.time.LocalDateTime t = java.time.LocalDateTime.parse(s.replace(' ', 'T'));
      return Math.addExact(Math.multiplyExact(t.toLocalDate().toEpochDay(), 86400000000L),
          t.toLocalTime().toNanoOfDay() / 1000L);
    } catch (java.time.DateTimeException e) {
      try {
        return parseDate(a, o, l) * 86400000000L;
      } catch (ArithmeticException e2) {
        throw KernelRuntime.error("cannot cast '" + s + "' to TIMESTAMP");
      }
    }
  }

  /** A double as SQL prints it (Calcite's E-notation for doubles). */
  public static String doubleToString(double d) {
    return org.apache.calcite.runtime.SqlFunctions.toString(d);
  }

  /** Microseconds as 'yyyy-MM-dd HH:mm:ss[.fff]' with {@code precision} fraction digits. */
  public static String timestampToString(long micros, int precision) {
    return DateTimeUtils.unixTimestampToString(Math.floorDiv(micros, 1000L),
        Math.max(0, Math.min(3, precision)));
  }

  /**
   * The first {@code n} characters of a UTF-8 string, padded with spaces to {@code n} characters
   * when {@code pad}: CAST to VARCHAR(n) and CHAR(n), with Calcite's semantics (its row engine
   * truncates, and pads CHAR; SqlFunctions.truncate / truncateOrPad).
   */
  public static byte[] fitChars(byte[] a, int o, int l, int n, boolean pad) {
    int end = o;
    int limit = o + l;
    int chars = 0;
    while (end < limit && chars < n) {
      int b = a[end] & 0xFF;
      int width = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      end = Math.min(limit, end + width);
      chars++;
    }
    int keep = end - o;
    int padding = pad ? n - chars : 0;
    byte[] out = new byte[keep + padding];
    System.arraycopy(a, o, out, 0, keep);
    java.util.Arrays.fill(out, keep, keep + padding, (byte) ' ');
    return out;
  }

  /** {@link #fitChars(byte[], int, int, int, boolean)} of a whole array. */
  public static byte[] fitChars(byte[] a, int n, boolean pad) {
    return fitChars(a, 0, a.length, n, pad);
  }

  /** The day of a local timestamp in milliseconds (CURRENT_DATE); fails when the clock is unset. */
  public static long unixDate(Object localTimestampMillis) {
    if (!(localTimestampMillis instanceof Long millis)) {
      throw new IllegalStateException("CURRENT_DATE needs the statement's clock (localTimestamp)"
          + " and the execution has none");
    }
    return Math.floorDiv(millis, 86_400_000L);
  }
}
