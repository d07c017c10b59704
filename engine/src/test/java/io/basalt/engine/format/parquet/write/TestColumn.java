package io.basalt.engine.format.parquet.write;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Function;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Test helper: one column of the all-types tests — its Arrow type, a value generator, how to put
 * a value into a vector, and how DuckDB should show it back.
 */
final class TestColumn {
  @FunctionalInterface
  interface Setter {
    void set(FieldVector vector, int index, Object value);
  }

  final String name;
  final ArrowType type;
  final Function<Random, Object> generator;
  final Setter setter;
  /** SQL expression over the column (written as {@code %s}) whose getString is compared. */
  final String sql;
  final Function<Object, String> expected;

  private TestColumn(String name, ArrowType type, Function<Random, Object> generator,
      Setter setter, String sql, Function<Object, String> expected) {
    this.name = name;
    this.type = type;
    this.generator = generator;
    this.setter = setter;
    this.sql = sql;
    this.expected = expected;
  }

  Field field(boolean nullable) {
    return new Field(name, nullable ? FieldType.nullable(type) : FieldType.notNullable(type), null);
  }

  String select() {
    return String.format(sql, "\"" + name + "\"");
  }

  /** Compares one DuckDB value (column {@code index} of {@code rs}) with what was written. */
  void check(ResultSet rs, int index, Object value, String where) throws SQLException {
    String actual = rs.getString(index);
    if (value == null) {
      org.junit.jupiter.api.Assertions.assertNull(actual, where);
    } else if (value instanceof Double || value instanceof Float) {
      double want = ((Number) value).doubleValue();
      double got = rs.getDouble(index);
      org.junit.jupiter.api.Assertions.assertEquals(0, Double.compare(want, got),
          where + ": expected " + want + " got " + got);
    } else {
      org.junit.jupiter.api.Assertions.assertEquals(expected.apply(value), actual, where);
    }
  }

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  static TestColumn[] all() {
    return new TestColumn[] {
      new TestColumn("bool", ArrowType.Bool.INSTANCE, Random::nextBoolean,
          (v, i, x) -> ((BitVector) v).setSafe(i, (Boolean) x ? 1 : 0),
          "CAST(%s AS VARCHAR)", String::valueOf),
      new TestColumn("i8", new ArrowType.Int(8, true), r -> (byte) r.nextInt(),
          (v, i, x) -> ((TinyIntVector) v).setSafe(i, (Byte) x), "CAST(%s AS VARCHAR)",
          String::valueOf),
      new TestColumn("i16", new ArrowType.Int(16, true), r -> (short) r.nextInt(),
          (v, i, x) -> ((SmallIntVector) v).setSafe(i, (Short) x), "CAST(%s AS VARCHAR)",
          String::valueOf),
      new TestColumn("i32", new ArrowType.Int(32, true), r -> r.nextInt(100) - 50 + (r.nextInt(20) == 0 ? Integer.MIN_VALUE + 50 : 0),
          (v, i, x) -> ((IntVector) v).setSafe(i, (Integer) x), "CAST(%s AS VARCHAR)",
          String::valueOf),
      new TestColumn("i64", new ArrowType.Int(64, true), Random::nextLong,
          (v, i, x) -> ((BigIntVector) v).setSafe(i, (Long) x), "CAST(%s AS VARCHAR)",
          String::valueOf),
      new TestColumn("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
          r -> (float) (r.nextGaussian() * 1000),
          (v, i, x) -> ((Float4Vector) v).setSafe(i, (Float) x), "%s", String::valueOf),
      new TestColumn("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
          r -> r.nextInt(50) == 0 ? -0.0 : r.nextGaussian() * 1e6,
          (v, i, x) -> ((Float8Vector) v).setSafe(i, (Double) x), "%s", String::valueOf),
      new TestColumn("dec5_2", new ArrowType.Decimal(5, 2, 128),
          r -> BigDecimal.valueOf(r.nextInt(199_999) - 99_999, 2),
          (v, i, x) -> ((DecimalVector) v).setSafe(i, (BigDecimal) x), "CAST(%s AS VARCHAR)",
          x -> ((BigDecimal) x).toPlainString()),
      new TestColumn("dec18_4", new ArrowType.Decimal(18, 4, 128),
          r -> BigDecimal.valueOf(r.nextLong() % 999_999_999_999_999_999L, 4),
          (v, i, x) -> ((DecimalVector) v).setSafe(i, (BigDecimal) x), "CAST(%s AS VARCHAR)",
          x -> ((BigDecimal) x).toPlainString()),
      new TestColumn("dec38_10", new ArrowType.Decimal(38, 10, 128),
          r -> new BigDecimal(new BigInteger(125, r).subtract(BigInteger.ONE.shiftLeft(124)), 10),
          (v, i, x) -> ((DecimalVector) v).setSafe(i, (BigDecimal) x), "CAST(%s AS VARCHAR)",
          x -> ((BigDecimal) x).toPlainString()),
      new TestColumn("utf8", ArrowType.Utf8.INSTANCE, TestColumn::text,
          (v, i, x) -> ((VarCharVector) v).setSafe(i, ((String) x).getBytes(StandardCharsets.UTF_8)),
          "%s", x -> (String) x),
      new TestColumn("bin", ArrowType.Binary.INSTANCE, r -> bytes(r, r.nextInt(12)),
          (v, i, x) -> ((VarBinaryVector) v).setSafe(i, (byte[]) x), "hex(%s)",
          x -> HEX.formatHex((byte[]) x)),
      new TestColumn("fixed", new ArrowType.FixedSizeBinary(4), r -> bytes(r, 4),
          (v, i, x) -> ((FixedSizeBinaryVector) v).setSafe(i, (byte[]) x), "hex(%s)",
          x -> HEX.formatHex((byte[]) x)),
      new TestColumn("date", new ArrowType.Date(DateUnit.DAY), r -> r.nextInt(200_000) - 100_000,
          (v, i, x) -> ((DateDayVector) v).setSafe(i, (Integer) x), "CAST(%s AS VARCHAR)",
          x -> LocalDate.ofEpochDay((Integer) x).toString()),
      new TestColumn("time_ms", new ArrowType.Time(TimeUnit.MILLISECOND, 32),
          r -> r.nextInt(86_400_000),
          (v, i, x) -> ((TimeMilliVector) v).setSafe(i, (Integer) x),
          "datediff('microsecond', TIME '00:00:00', %s)", x -> String.valueOf((Integer) x * 1000L)),
      new TestColumn("time_us", new ArrowType.Time(TimeUnit.MICROSECOND, 64),
          r -> (long) (r.nextDouble() * 86_400_000_000L),
          (v, i, x) -> ((TimeMicroVector) v).setSafe(i, (Long) x),
          "datediff('microsecond', TIME '00:00:00', %s)", String::valueOf),
      new TestColumn("ts_ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null),
          r -> r.nextLong() % 4_000_000_000_000L,
          (v, i, x) -> ((TimeStampVector) v).setSafe(i, (Long) x), "epoch_ms(%s)",
          String::valueOf),
      new TestColumn("ts_us_utc", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"),
          r -> r.nextLong() % 4_000_000_000_000_000L,
          (v, i, x) -> ((TimeStampVector) v).setSafe(i, (Long) x), "epoch_us(%s)",
          String::valueOf),
      new TestColumn("ts_ns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null),
          Random::nextLong,
          (v, i, x) -> ((TimeStampVector) v).setSafe(i, (Long) x), "epoch_ns(%s)",
          String::valueOf),
    };
  }

  private static final String[] WORDS = {
    "alpha", "beta", "gamma", "délta", "ε", "日本語", "🙂", "", "z", "Zebra", "\u0000nul"
  };

  /** Few distinct values (so dictionaries are used), some non-ASCII. */
  private static String text(Random random) {
    return WORDS[random.nextInt(WORDS.length)] + (random.nextInt(4) == 0 ? random.nextInt(50) : "");
  }

  static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
