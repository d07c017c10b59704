package io.basalt.engine.pushdown;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/** The skip decision leaf by leaf, on the edge cases statistics bring. */
class StatisticsPrunerTest {
  // Dataset columns: 0 int, 1 bigint (unsigned 32 widened), 2 double, 3 decimal(10,2), 4 string,
  // 5 date, 6 timestamp(micros), 7 boolean.
  private static final List<ArrowType> TYPES = List.of(new ArrowType.Int(32, true),
      new ArrowType.Int(64, true), new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
      new ArrowType.Decimal(10, 2, 128), ArrowType.Utf8.INSTANCE, new ArrowType.Date(DateUnit.DAY),
      new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), ArrowType.Bool.INSTANCE);
  private final StatisticsPruner pruner = new StatisticsPruner(TYPES);

  private static ScanPredicate cmp(int column, ValueDomain domain, CompareOp op, Object value) {
    return new ScanPredicate.Compare(column, domain, op, new Operand.Literal(value));
  }

  private boolean may(ScanPredicate p, int column, ColumnStatistics stats) {
    return pruner.mayMatch(PredicateBinder.bind(p, ParameterValues.NONE),
        c -> c == column ? stats : null);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void rangesAgainstMinMax() {
    ColumnStatistics s = new ColumnStatistics(10L, 20L, 0, 100);
    BigDecimal five = BigDecimal.valueOf(5);
    BigDecimal ten = BigDecimal.TEN;
    BigDecimal twenty = BigDecimal.valueOf(20);
    assertFalse(may(cmp(0, ValueDomain.EXACT, CompareOp.LT, ten), 0, s));
    assertTrue(may(cmp(0, ValueDomain.EXACT, CompareOp.LE, ten), 0, s));
    assertFalse(may(cmp(0, ValueDomain.EXACT, CompareOp.GT, twenty), 0, s));
    assertTrue(may(cmp(0, ValueDomain.EXACT, CompareOp.GE, twenty), 0, s));
    assertFalse(may(cmp(0, ValueDomain.EXACT, CompareOp.EQ, five), 0, s));
    assertTrue(may(cmp(0, ValueDomain.EXACT, CompareOp.EQ, new BigDecimal("10.5")), 0, s));
    assertTrue(may(cmp(0, ValueDomain.EXACT, CompareOp.NE, ten), 0, s));
    ColumnStatistics single = new ColumnStatistics(7L, 7L, 0, 100);
    assertFalse(may(cmp(0, ValueDomain.EXACT, CompareOp.NE, BigDecimal.valueOf(7)), 0, single));
    // A NULL among the rows does not make "<> 7" true for them.
    assertFalse(may(cmp(0, ValueDomain.EXACT, CompareOp.NE, BigDecimal.valueOf(7)), 0,
        new ColumnStatistics(7L, 7L, 3, 100)));
  }

  @Test
  void nullsAndMissingStatistics() {
    BigDecimal one = BigDecimal.ONE;
    ColumnStatistics allNull = new ColumnStatistics(null, null, 100, 100);
    assertFalse(may(cmp(0, ValueDomain.EXACT, CompareOp.GE, one), 0, allNull));
    assertTrue(may(new ScanPredicate.IsNull(0, false), 0, allNull));
    assertFalse(may(new ScanPredicate.IsNull(0, true), 0, allNull));
    ColumnStatistics noNulls = new ColumnStatistics(1L, 5L, 0, 100);
    assertFalse(may(new ScanPredicate.IsNull(0, false), 0, noNulls));
    ColumnStatistics unknownNulls = new ColumnStatistics(1L, 5L, -1, 100);
    assertTrue(may(new ScanPredicate.IsNull(0, false), 0, unknownNulls));
    // No statistics at all: everything may match.
    assertTrue(may(cmp(0, ValueDomain.EXACT, CompareOp.EQ, one), 0, null));
    assertTrue(may(cmp(0, ValueDomain.EXACT, CompareOp.EQ, one), 0,
        new ColumnStatistics(null, null, 0, 100)));
    // Comparing with NULL is never true.
    assertFalse(may(cmp(0, ValueDomain.EXACT, CompareOp.EQ, null), 0, noNulls));
    assertFalse(may(new ScanPredicate.InList(0, ValueDomain.EXACT,
        List.of(new Operand.Literal(BigDecimal.TEN), new Operand.Literal(null)), true), 0, noNulls));
  }

  @Test
  void unsignedValuesAboveTheSignedRange() {
    // UINT32 4 000 000 000 reads as the Long 4e9, not as a negative int.
    ColumnStatistics s = new ColumnStatistics(3_999_999_000L, 4_000_000_500L, 0, 10);
    assertTrue(may(cmp(1, ValueDomain.EXACT, CompareOp.EQ, BigDecimal.valueOf(4_000_000_000L)), 1, s));
    assertFalse(may(cmp(1, ValueDomain.EXACT, CompareOp.LT, BigDecimal.ZERO), 1, s));
  }

  @Test
  void doublesNaNAndSignedZeros() {
    ColumnStatistics s = new ColumnStatistics(-0.0, 0.0, 0, 10);
    assertTrue(may(cmp(2, ValueDomain.APPROX, CompareOp.EQ, 0.0), 2, s));
    assertTrue(may(cmp(2, ValueDomain.APPROX, CompareOp.EQ, -0.0), 2, s));
    assertFalse(may(cmp(2, ValueDomain.APPROX, CompareOp.GT, 0.0), 2, s));
    // NaN is never a bound, and <> is true for NaN rows the bounds do not show.
    assertTrue(may(cmp(2, ValueDomain.APPROX, CompareOp.NE, 0.0), 2, s));
    assertTrue(may(cmp(2, ValueDomain.APPROX, CompareOp.GT, 1.0), 2,
        new ColumnStatistics(null, null, 0, 10)));
  }

  @Test
  void decimalsDatesTimestampsAndCastDomains() {
    ColumnStatistics money = new ColumnStatistics(new BigDecimal("1.25"), new BigDecimal("9.99"), 0, 10);
    assertFalse(may(cmp(3, ValueDomain.EXACT, CompareOp.GT, new BigDecimal("9.990")), 3, money));
    assertTrue(may(cmp(3, ValueDomain.APPROX, CompareOp.GT, 9.98), 3, money));
    ColumnStatistics days = new ColumnStatistics(10_000L, 10_010L, 0, 10);
    assertFalse(may(cmp(5, ValueDomain.DATE, CompareOp.GT, 10_010L), 5, days));
    // DATE compared as TIMESTAMP: day 10 010 ends before 10 011 * 86 400 000 ms.
    assertFalse(may(cmp(5, ValueDomain.TIMESTAMP, CompareOp.GE, 10_011L * 86_400_000L), 5, days));
    assertTrue(may(cmp(5, ValueDomain.TIMESTAMP, CompareOp.GE, 10_010L * 86_400_000L), 5, days));
    // Microsecond bounds round down to the SQL layer's milliseconds: 1999 µs is 1 ms.
    ColumnStatistics micros = new ColumnStatistics(1_000L, 1_999L, 0, 10);
    assertTrue(may(cmp(6, ValueDomain.TIMESTAMP, CompareOp.EQ, 1L), 6, micros));
    assertFalse(may(cmp(6, ValueDomain.TIMESTAMP, CompareOp.EQ, 2L), 6, micros));
    ColumnStatistics bools = new ColumnStatistics(false, false, 0, 10);
    assertFalse(may(cmp(7, ValueDomain.BOOLEAN, CompareOp.EQ, true), 7, bools));
  }

  @Test
  void stringsTruncatedBoundsAndCodePointOrder() {
    // A truncated max ("abd" for "abcz…") is still an upper bound.
    ColumnStatistics truncated = new ColumnStatistics(utf8("ab"), utf8("abd"), 0, 10);
    assertTrue(may(cmp(4, ValueDomain.STRING, CompareOp.EQ, utf8("abcz")), 4, truncated));
    assertFalse(may(cmp(4, ValueDomain.STRING, CompareOp.GT, utf8("abd")), 4, truncated));
    // Bounds or literals with code points >= U+E000 compare differently in UTF-16: unknown.
    ColumnStatistics high = new ColumnStatistics(utf8("a"), utf8("\uFFFD"), 0, 10);
    assertTrue(may(cmp(4, ValueDomain.STRING, CompareOp.GT, utf8("\uD83D\uDE00")), 4, high));
    ColumnStatistics plain = new ColumnStatistics(utf8("apple"), utf8("melon"), 0, 10);
    assertFalse(may(cmp(4, ValueDomain.STRING, CompareOp.GT, utf8("zebra")), 4, plain));
    assertTrue(may(cmp(4, ValueDomain.STRING, CompareOp.GT, utf8("\uD83D\uDE00")), 4, plain));
  }

  @Test
  void likePrefixesAndNotLike() {
    ColumnStatistics s = new ColumnStatistics(utf8("key0100"), utf8("key0199"), 0, 10);
    assertTrue(may(new ScanPredicate.Like(4, new Operand.Literal(utf8("key01%")), false), 4, s));
    assertFalse(may(new ScanPredicate.Like(4, new Operand.Literal(utf8("key02%")), false), 4, s));
    assertFalse(may(new ScanPredicate.Like(4, new Operand.Literal(utf8("key01%")), true), 4, s));
    assertTrue(may(new ScanPredicate.Like(4, new Operand.Literal(utf8("key010%")), true), 4, s));
    assertTrue(may(new ScanPredicate.Like(4, new Operand.Literal(utf8("%x")), false), 4, s));
    // No wildcard: equality.
    assertFalse(may(new ScanPredicate.Like(4, new Operand.Literal(utf8("key0200")), false), 4, s));
    assertArrayEquals(new byte[] {'a', 'c'}, PredicateBinder.prefixUpperBound(new byte[] {'a', 'b'}));
    assertArrayEquals(new byte[] {'b'}, PredicateBinder.prefixUpperBound(new byte[] {'a', (byte) 0xFF}));
    assertNull(PredicateBinder.prefixUpperBound(new byte[] {(byte) 0xFF}));
  }

  @Test
  void parametersBindPerExecution() {
    ScanPredicate p = new ScanPredicate.Compare(5, ValueDomain.DATE, CompareOp.GE,
        new Operand.Parameter(0));
    ColumnStatistics days = new ColumnStatistics(100L, 200L, 0, 10);
    assertTrue(pruner.mayMatch(PredicateBinder.bind(p, i -> 150), c -> days));
    assertFalse(pruner.mayMatch(PredicateBinder.bind(p, i -> 201), c -> days));
    assertFalse(pruner.mayMatch(PredicateBinder.bind(p, i -> null), c -> days));
    // A value that does not convert never causes a skip.
    ScanPredicate bound = PredicateBinder.bind(p, i -> new Object());
    assertTrue(bound instanceof ScanPredicate.Unknown);
    assertTrue(pruner.mayMatch(bound, c -> days));
  }

  @Test
  void pageRangesCombineAcrossColumns() {
    List<StatisticsPruner.PageStatistics> a = List.of(
        new StatisticsPruner.PageStatistics(0, 10, new ColumnStatistics(0L, 9L, 0, 10)),
        new StatisticsPruner.PageStatistics(10, 20, new ColumnStatistics(10L, 19L, 0, 10)),
        new StatisticsPruner.PageStatistics(20, 30, new ColumnStatistics(20L, 29L, 0, 10)));
    List<StatisticsPruner.PageStatistics> b = List.of(
        new StatisticsPruner.PageStatistics(0, 15, new ColumnStatistics(100L, 100L, 0, 15)),
        new StatisticsPruner.PageStatistics(15, 30, new ColumnStatistics(200L, 200L, 0, 15)));
    ScanPredicate and = new ScanPredicate.And(List.of(
        cmp(0, ValueDomain.EXACT, CompareOp.GE, BigDecimal.valueOf(12)),
        cmp(1, ValueDomain.EXACT, CompareOp.EQ, BigDecimal.valueOf(100))));
    RowRanges rows = pruner.matchingRows(PredicateBinder.bind(and, ParameterValues.NONE),
        c -> c == 0 ? a : c == 1 ? b : null, null, 30);
    assertEquals("[10-15]", rows.toString());
    ScanPredicate or = new ScanPredicate.Or(List.of(
        cmp(0, ValueDomain.EXACT, CompareOp.LT, BigDecimal.valueOf(5)),
        cmp(0, ValueDomain.EXACT, CompareOp.GT, BigDecimal.valueOf(25))));
    assertEquals("[0-10, 20-30]", pruner.matchingRows(PredicateBinder.bind(or, ParameterValues.NONE),
        c -> c == 0 ? a : null, null, 30).toString());
  }

  @Test
  void rowRangesAlgebra() {
    RowRanges x = RowRanges.of(List.of(new long[] {0, 10}, new long[] {5, 20}, new long[] {30, 40}));
    assertEquals("[0-20, 30-40]", x.toString());
    RowRanges y = RowRanges.of(List.of(new long[] {15, 35}));
    assertEquals("[15-20, 30-35]", x.intersect(y).toString());
    assertEquals("[0-40]", x.union(y).toString());
    assertEquals(30, x.rowCount());
    assertTrue(RowRanges.all(0).isEmpty());
  }
}
