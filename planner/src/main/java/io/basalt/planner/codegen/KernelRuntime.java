package io.basalt.planner.codegen;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.Types.MinorType;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.DecimalUtility;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Static helpers that generated kernels call: checked arithmetic, decimal rescaling and division,
 * string slicing over UTF-8 bytes, LIKE matchers, IN-list sets. Everything here is static or a
 * final class, so calls from the per-row loops are monomorphic and inlined by the JIT.
 */
public final class KernelRuntime {
  private KernelRuntime() {}

  /** Powers of ten that fit a long, for decimal scaling. */
  public static final long[] POW10 = new long[19];
  /** The same powers as doubles (exact up to 10^22). */
  public static final double[] POW10D = new double[39];

  static {
    long p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
    for (int i = 0; i < POW10D.length; i++) {
      POW10D[i] = Double.parseDouble("1e" + i);
    }
  }

  /**
   * Thrown by the long-based fast path when a decimal value or intermediate result does not fit a
   * long; the kernel then re-runs the batch with its BigDecimal variant, which either computes the
   * value or reports a real SQL overflow. Preallocated and without a stack trace: it is control
   * flow, not an error.
   */
  public static final class Bail extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private Bail() {
      super("decimal value does not fit a long", null, false, false);
    }
  }

  /** The one {@link Bail} instance. */
  public static final Bail BAIL = new Bail();

  /** A SQL evaluation error (overflow, division by zero, bad cast) with a readable message. */
  public static ArithmeticException error(String message) {
    return new ArithmeticException(message);
  }

  // ---------------------------------------------------------------- input checks

  /** Fails unless {@code v} has the vector class the kernel was generated for (planner bug). */
  public static void checkInput(FieldVector v, MinorType expected, int column) {
    MinorType actual = v.getMinorType();
    if (actual != expected && !(expected == MinorType.TIMESTAMPMICRO && isTimestamp(actual))) {
      throw new IllegalStateException("compiled kernel expected " + expected + " for input column "
          + column + " but got " + actual);
    }
  }

  private static boolean isTimestamp(MinorType t) {
    return t == MinorType.TIMESTAMPSEC || t == MinorType.TIMESTAMPMILLI
        || t == MinorType.TIMESTAMPMICRO || t == MinorType.TIMESTAMPNANO
        || t == MinorType.TIMESTAMPSECTZ || t == MinorType.TIMESTAMPMILLITZ
        || t == MinorType.TIMESTAMPMICROTZ || t == MinorType.TIMESTAMPNANOTZ;
  }

  /** The unit code of a timestamp vector: 0 seconds, 1 millis, 2 micros, 3 nanos. */
  public static int timeUnit(FieldVector v) {
    if (!(v instanceof TimeStampVector)) {
      return 2;
    }
    return switch (((ArrowType.Timestamp) v.getField().getType()).getUnit()) {
      case SECOND -> 0;
      case MILLISECOND -> 1;
      case MICROSECOND -> 2;
      case NANOSECOND -> 3;
    };
  }

  /** A raw timestamp of unit {@code unit} (see {@link #timeUnit}) as microseconds. */
  public static long tsMicros(long raw, int unit) {
    switch (unit) {
      case 2:
        return raw;
      case 1:
        return raw * 1000L;
      case 0:
        return raw * 1_000_000L;
      default:
        return Math.floorDiv(raw, 1000L);
    }
  }

  /** The data bytes of a string vector, copied once per batch so that rows read byte arrays. */
  public static byte[] bytes(FieldVector v) {
    BaseVariableWidthVector var = (BaseVariableWidthVector) v;
    int rows = var.getValueCount();
    if (rows == 0) {
      return new byte[0];
    }
    int end = var.getOffsetBuffer().getInt((long) rows * 4);
    byte[] out = new byte[end];
    var.getDataBuffer().getBytes(0, out, 0, end);
    return out;
  }

  /**
   * Output column {@code out} built from input column {@code src}: its buffers taken over when
   * {@code transfer} (no filter, first use), else the rows {@code sel[0..count)} gathered (identity
   * rows when {@code sel} is null).
   */
  public static FieldVector passThrough(FieldVector src, Field out, int[] sel, int count,
      boolean transfer, BufferAllocator allocator) {
    if (!src.getField().getType().equals(out.getType())) {
      throw new IllegalStateException("input column " + src.getField() + " does not have the type "
          + out.getType() + " the plan expects");
    }
    if (transfer) {
      TransferPair tp = src.getTransferPair(out, allocator);
      tp.transfer();
      return (FieldVector) tp.getTo();
    }
    int[] rows = sel;
    if (rows == null) {
      rows = new int[count];
      for (int i = 0; i < count; i++) {
        rows[i] = i;
      }
    }
    FieldVector v = out.createVector(allocator);
    try {
      io.basalt.engine.vector.VectorTake.takeInto(src, rows, count, v);
      return v;
    } catch (RuntimeException | Error e) {
      v.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------- integers

  /** {@code v} checked against the range of an integer type of {@code bytes} bytes. */
  public static long checkRange(long v, int bytes) {
    switch (bytes) {
      case 1:
        if (v != (byte) v) {
          throw error("TINYINT overflow: " + v);
        }
        break;
      case 2:
        if (v != (short) v) {
          throw error("SMALLINT overflow: " + v);
        }
        break;
      case 4:
        if (v != (int) v) {
          throw error("INTEGER overflow: " + v);
        }
        break;
      default:
        break;
    }
    return v;
  }

  public static long add(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      throw error("BIGINT overflow: " + a + " + " + b);
    }
    return r;
  }

  public static long sub(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      throw error("BIGINT overflow: " + a + " - " + b);
    }
    return r;
  }

  public static long mul(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
      throw error("BIGINT overflow: " + a + " * " + b);
    }
    return lo;
  }

  /** Integer division truncating toward zero, as SQL's integer division. */
  public static long div(long a, long b) {
    if (b == 0) {
      throw error("division by zero");
    }
    if (a == Long.MIN_VALUE && b == -1) {
      throw error("BIGINT overflow: " + a + " / " + b);
    }
    return a / b;
  }

  public static long mod(long a, long b) {
    if (b == 0) {
      throw error("division by zero");
    }
    return b == -1 ? 0 : a % b;
  }

  public static double ddiv(double a, double b) {
    if (b == 0) {
      throw error("division by zero");
    }
    return a / b;
  }

  /** A double rounded half away from zero to a long of {@code bytes} bytes (CAST to integer). */
  public static long doubleToLong(double d, int bytes) {
    if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
      throw error("integer overflow: " + d);
    }
    return checkRange(halfUp(d), bytes);
  }

  private static long halfUp(double d) {
    return d < 0 ? -(long) Math.floor(-d + 0.5) : (long) Math.floor(d + 0.5);
  }

  // ---------------------------------------------------------------- decimals (long fast path)

  /** Exact sum; {@link #BAIL} when it does not fit a long. */
  public static long dadd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      throw BAIL;
    }
    return r;
  }

  public static long dsub(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      throw BAIL;
    }
    return r;
  }

  public static long dmul(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
      throw BAIL;
    }
    return lo;
  }

  /** {@code v} scaled up by 10^{@code k} (k ≥ 0); bails on overflow. */
  public static long up(long v, int k) {
    if (k == 0) {
      return v;
    }
    if (k >= POW10.length) {
      if (v == 0) {
        return 0;
      }
      throw BAIL;
    }
    return dmul(v, POW10[k]);
  }

  /** {@code v} scaled down by 10^{@code k} (k ≥ 0), rounding half away from zero. */
  public static long down(long v, int k) {
    if (k == 0) {
      return v;
    }
    if (k >= POW10.length) {
      return 0;
    }
    long p = POW10[k];
    long q = v / p;
    long r = v % p;
    if (Math.abs(r) >= p - Math.abs(r)) {
      q += v < 0 ? -1 : 1;
    }
    return q;
  }

  /** {@code v} of scale {@code from} at scale {@code to}, rounding half up. */
  public static long rescale(long v, int from, int to) {
    return to >= from ? up(v, to - from) : down(v, from - to);
  }

  /** Bails when {@code v} has more than {@code precision} digits (the big path reports it). */
  public static long fit(long v, int precision) {
    if (precision < 19 && (v >= POW10[precision] || v <= -POW10[precision])) {
      throw BAIL;
    }
    return v;
  }

  /**
   * {@code a / b} (scales {@code sa}, {@code sb}) at scale {@code s}, rounded half up: n = a ·
   * 10^(s − sa + sb), q = round(n / b).
   */
  public static long ddiv(long a, int sa, long b, int sb, int s) {
    if (b == 0) {
      throw error("division by zero");
    }
    int k = s - sa + sb;
    long n;
    long d = b;
    if (k >= 0) {
      n = up(a, k);
    } else {
      n = a;
      d = up(b, -k);
    }
    long q = n / d;
    long r = n % d;
    long ar = Math.abs(r);
    long ad = Math.abs(d);
    if (ar >= ad - ar) {
      q += (n < 0) != (d < 0) ? -1 : 1;
    }
    return q;
  }

  /** Reads the 128-bit decimal at {@code row}; bails when it does not fit a long. */
  public static long readWide(ArrowBuf buf, int row) {
    long lo = buf.getLong((long) row * 16);
    if (buf.getLong((long) row * 16 + 8) != (lo >> 63)) {
      throw BAIL;
    }
    return lo;
  }

  /** Unscaled {@code v} of scale {@code scale} as a double. */
  public static double decToDouble(long v, int scale) {
    if (scale == 0) {
      return v;
    }
    if (Math.abs(v) < (1L << 53) && scale < 23) {
      return v / POW10D[scale];
    }
    return BigDecimal.valueOf(v, scale).doubleValue();
  }

  /** A double as an unscaled long of scale {@code scale} and at most {@code precision} digits. */
  public static long doubleToDec(double d, int scale, int precision) {
    return bigToLong(doubleToBig(d, scale, precision));
  }

  private static long bigToLong(BigDecimal b) {
    BigInteger u = b.unscaledValue();
    if (u.bitLength() > 63) {
      throw BAIL;
    }
    return u.longValue();
  }

  // ---------------------------------------------------------------- decimals (BigDecimal path)

  /** {@code b} at scale {@code scale} (half up), checked against {@code precision} digits. */
  public static BigDecimal fitBig(BigDecimal b, int scale, int precision) {
    BigDecimal r = b.scale() == scale ? b : b.setScale(scale, RoundingMode.HALF_UP);
    if (r.precision() > precision && r.signum() != 0 && r.precision() - r.scale() > precision - scale) {
      throw error("DECIMAL(" + precision + ", " + scale + ") overflow: " + r.toPlainString());
    }
    return r;
  }

  public static BigDecimal bigDiv(BigDecimal a, BigDecimal b, int scale, int precision) {
    if (b.signum() == 0) {
      throw error("division by zero");
    }
    return fitBig(a.divide(b, scale, RoundingMode.HALF_UP), scale, precision);
  }

  public static BigDecimal readBig(ArrowBuf buf, int row, int scale) {
    return DecimalUtility.getBigDecimalFromArrowBuf(buf, row, scale, 16);
  }

  public static void writeBig(ArrowBuf buf, int row, BigDecimal v) {
    DecimalUtility.writeBigDecimalToArrowBuf(v, buf, row, 16);
  }

  public static BigDecimal doubleToBig(double d, int scale, int precision) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw error("cannot cast " + d + " to DECIMAL(" + precision + ", " + scale + ")");
    }
    return fitBig(new BigDecimal(Double.toString(d)), scale, precision);
  }

  /** A decimal rounded half up to an integer of {@code bytes} bytes (CAST to integer). */
  public static long bigToInt(BigDecimal b, int bytes) {
    BigDecimal r = b.setScale(0, RoundingMode.HALF_UP);
    if (r.unscaledValue().bitLength() > 63) {
      throw error("BIGINT overflow: " + b.toPlainString());
    }
    return checkRange(r.longValue(), bytes);
  }

  // ---------------------------------------------------------------- strings

  public static final byte[] EMPTY = new byte[0];

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String str(byte[] a, int o, int l) {
    return new String(a, o, l, StandardCharsets.UTF_8);
  }

  /** Byte-wise unsigned comparison of UTF-8 strings: the order of their code points. */
  public static int compare(byte[] a, int ao, int al, byte[] b, int bo, int bl) {
    return Arrays.compareUnsigned(a, ao, ao + al, b, bo, bo + bl);
  }

  public static boolean equal(byte[] a, int ao, int al, byte[] b, int bo, int bl) {
    return al == bl && Arrays.equals(a, ao, ao + al, b, bo, bo + bl);
  }

  /** Packs a slice (offset, length) into one long: offset in the high half. */
  private static long slice(int o, int l) {
    return ((long) o << 32) | (l & 0xFFFFFFFFL);
  }

  public static int sliceOffset(long s) {
    return (int) (s >>> 32);
  }

  public static int sliceLength(long s) {
    return (int) s;
  }

  /** Byte offset after skipping {@code chars} code points from {@code from} (bounded by end). */
  private static int skipChars(byte[] a, int from, int end, long chars) {
    int p = from;
    while (chars > 0 && p < end) {
      p++;
      while (p < end && (a[p] & 0xC0) == 0x80) {
        p++;
      }
      chars--;
    }
    return p;
  }

  /** SQL SUBSTRING(s FROM start FOR len) in characters, as a slice of {@code a}. */
  public static long substring(byte[] a, int o, int l, long start, long len) {
    if (len < 0) {
      throw error("negative substring length: " + len);
    }
    long first = start;
    long last = start + len; // exclusive, 1-based
    if (first < 1) {
      first = 1;
    }
    if (last <= first) {
      return slice(o, 0);
    }
    int end = o + l;
    int b = skipChars(a, o, end, first - 1);
    int e = skipChars(a, b, end, last - first);
    return slice(b, e - b);
  }

  /** SUBSTRING(s FROM start): to the end. */
  public static long substring(byte[] a, int o, int l, long start) {
    int end = o + l;
    int b = skipChars(a, o, end, Math.max(0, start - 1));
    return slice(b, end - b);
  }

  public static long charLength(byte[] a, int o, int l) {
    long n = 0;
    for (int i = o; i < o + l; i++) {
      if ((a[i] & 0xC0) != 0x80) {
        n++;
      }
    }
    return n;
  }

  /** TRIM of the single byte {@code c} (an ASCII trim character): 1 leading, 2 trailing, 3 both. */
  public static long trim(byte[] a, int o, int l, byte c, int where) {
    int b = o;
    int e = o + l;
    if ((where & 1) != 0) {
      while (b < e && a[b] == c) {
        b++;
      }
    }
    if ((where & 2) != 0) {
      while (e > b && a[e - 1] == c) {
        e--;
      }
    }
    return slice(b, e - b);
  }

  public static byte[] upper(byte[] a, int o, int l) {
    byte[] out = new byte[l];
    for (int i = 0; i < l; i++) {
      byte c = a[o + i];
      if (c < 0) {
        return utf8(str(a, o, l).toUpperCase(java.util.Locale.ROOT));
      }
      out[i] = c >= 'a' && c <= 'z' ? (byte) (c - 32) : c;
    }
    return out;
  }

  public static byte[] lower(byte[] a, int o, int l) {
    byte[] out = new byte[l];
    for (int i = 0; i < l; i++) {
      byte c = a[o + i];
      if (c < 0) {
        return utf8(str(a, o, l).toLowerCase(java.util.Locale.ROOT));
      }
      out[i] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
    }
    return out;
  }

  public static byte[] concat(byte[] a, int ao, int al, byte[] b, int bo, int bl) {
    byte[] out = new byte[al + bl];
    System.arraycopy(a, ao, out, 0, al);
    System.arraycopy(b, bo, out, al, bl);
    return out;
  }

  public static byte[] replace(byte[] a, int ao, int al, byte[] f, int fo, int fl, byte[] r,
      int ro, int rl) {
    return utf8(str(a, ao, al).replace(str(f, fo, fl), str(r, ro, rl)));
  }

  /** 1-based character position of {@code needle} in {@code hay}, 0 when absent. */
  public static long position(byte[] n, int no, int nl, byte[] h, int ho, int hl) {
    int at = indexOf(h, ho, ho + hl, n, no, nl);
    return at < 0 ? 0 : charLength(h, ho, at - ho) + 1;
  }

  /** First index ≥ from of {@code n[no..no+nl)} in {@code h[from..end)}, or -1. */
  static int indexOf(byte[] h, int from, int end, byte[] n, int no, int nl) {
    if (nl == 0) {
      return from;
    }
    byte first = n[no];
    int max = end - nl;
    outer:
    for (int i = from; i <= max; i++) {
      if (h[i] != first) {
        continue;
      }
      for (int j = 1; j < nl; j++) {
        if (h[i + j] != n[no + j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // ---------------------------------------------------------------- LIKE, SIMILAR TO

  /**
   * A LIKE / ILIKE / SIMILAR TO pattern compiled once: patterns made of literal text and '%' match
   * byte-wise (prefix, suffix, then each middle segment leftmost in order, which is exact for '%'
   * alone); anything else (an '_', ILIKE, SIMILAR TO) uses a regular expression.
   */
  public static final class Matcher {
    private final byte[][] segments;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;
    private final Pattern regex;

    /** SIMILAR TO: Calcite's own matcher, so that both engines agree on the pattern language. */
    private final java.util.function.Predicate<String> similar;

    private Matcher(byte[][] segments, boolean anchoredStart, boolean anchoredEnd, Pattern regex) {
      this(segments, anchoredStart, anchoredEnd, regex, null);
    }

    private Matcher(byte[][] segments, boolean anchoredStart, boolean anchoredEnd, Pattern regex,
        java.util.function.Predicate<String> similar) {
      this.segments = segments;
      this.anchoredStart = anchoredStart;
      this.anchoredEnd = anchoredEnd;
      this.regex = regex;
      this.similar = similar;
    }

    /** A matcher of {@code pattern}; {@code kind} is "LIKE", "ILIKE" or "SIMILAR". */
    public static Matcher of(String pattern, String escape, String kind) {
      if (kind.equals("LIKE")) {
        java.util.List<String> segs = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean simple = true;
        char esc = escape == null ? 0 : escape.charAt(0);
        for (int i = 0; i < pattern.length(); i++) {
          char c = pattern.charAt(i);
          if (escape != null && c == esc) {
            if (i + 1 >= pattern.length()) {
              throw error("invalid escape sequence in LIKE pattern '" + pattern + "'");
            }
            cur.append(pattern.charAt(++i));
          } else if (c == '%') {
            segs.add(cur.toString());
            cur.setLength(0);
          } else if (c == '_') {
            simple = false;
            break;
          } else {
            cur.append(c);
          }
        }
        if (simple) {
          segs.add(cur.toString());
          byte[][] bs = new byte[segs.size()][];
          for (int i = 0; i < bs.length; i++) {
            bs[i] = utf8(segs.get(i));
          }
          // segs.size() == 1: no '%' at all, so both ends are anchored (equality).
          return new Matcher(bs, true, true, null);
        }
        return new Matcher(null, false, false, Pattern.compile(likeRegex(pattern, escape),
            Pattern.DOTALL));
      }
      if (kind.equals("ILIKE")) {
        return new Matcher(null, false, false, Pattern.compile(likeRegex(pattern, escape),
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
      }
      if (kind.equals("SIMILAR")) {
        java.util.function.Predicate<String> test;
        if (escape == null) {
          org.apache.calcite.runtime.SqlFunctions.SimilarFunction f =
              new org.apache.calcite.runtime.SqlFunctions.SimilarFunction();
          test = s -> f.similar(s, pattern);
        } else {
          org.apache.calcite.runtime.SqlFunctions.SimilarEscapeFunction f =
              new org.apache.calcite.runtime.SqlFunctions.SimilarEscapeFunction();
          test = s -> f.similar(s, pattern, escape);
        }
        test.test(""); // an invalid pattern fails here, when the kernel is compiled
        return new Matcher(null, false, false, null, test);
      }
      throw new IllegalArgumentException("unsupported pattern kind " + kind);
    }

    /** The Java regular expression of a LIKE pattern: '%' any text, '_' one character. */
    static String likeRegex(String pattern, String escape) {
      StringBuilder re = new StringBuilder();
      char esc = escape == null ? 0 : escape.charAt(0);
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (escape != null && c == esc) {
          if (i + 1 >= pattern.length()) {
            throw error("invalid escape sequence in LIKE pattern '" + pattern + "'");
          }
          re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
        } else if (c == '%') {
          re.append(".*");
        } else if (c == '_') {
          re.append('.');
        } else {
          re.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return re.toString();
    }

    /** Whether the UTF-8 string {@code a[o..o+l)} matches. */
    public boolean matches(byte[] a, int o, int l) {
      if (similar != null) {
        return similar.test(str(a, o, l));
      }
      if (regex != null) {
        return regex.matcher(str(a, o, l)).matches();
      }
      byte[][] s = segments;
      int n = s.length;
      int end = o + l;
      if (n == 1) {
        return l == s[0].length && Arrays.equals(a, o, end, s[0], 0, l);
      }
      byte[] first = s[0];
      byte[] last = s[n - 1];
      if (l < first.length + last.length) {
        return false;
      }
      if (!Arrays.equals(a, o, o + first.length, first, 0, first.length)) {
        return false;
      }
      int tail = end - last.length;
      if (!Arrays.equals(a, tail, end, last, 0, last.length)) {
        return false;
      }
      int p = o + first.length;
      for (int i = 1; i < n - 1; i++) {
        byte[] seg = s[i];
        int at = indexOf(a, p, tail, seg, 0, seg.length);
        if (at < 0) {
          return false;
        }
        p = at + seg.length;
      }
      return true;
    }
  }

  // ---------------------------------------------------------------- IN lists

  /** A set of byte strings (an IN list of strings): open addressing over their hashes. */
  public static final class StringSet {
    private final byte[][] table;
    private final int mask;

    public StringSet(byte[][] values) {
      int cap = Integer.highestOneBit(Math.max(4, values.length * 4) - 1) << 1;
      table = new byte[cap][];
      mask = cap - 1;
      for (byte[] v : values) {
        int h = hash(v, 0, v.length) & mask;
        while (table[h] != null && !Arrays.equals(table[h], v)) {
          h = (h + 1) & mask;
        }
        table[h] = v;
      }
    }

    private static int hash(byte[] a, int o, int l) {
      int h = 1;
      for (int i = o; i < o + l; i++) {
        h = 31 * h + a[i];
      }
      return h ^ (h >>> 16);
    }

    public boolean contains(byte[] a, int o, int l) {
      int h = hash(a, o, l) & mask;
      byte[] e;
      while ((e = table[h]) != null) {
        if (e.length == l && Arrays.equals(e, 0, l, a, o, o + l)) {
          return true;
        }
        h = (h + 1) & mask;
      }
      return false;
    }
  }

  /** Binary search in a sorted array (an IN list of integers, dates, scaled decimals). */
  public static boolean contains(long[] sorted, long v) {
    return Arrays.binarySearch(sorted, v) >= 0;
  }
}
