package io.basalt.engine.format.parquet;

import static org.apache.parquet.schema.LogicalTypeAnnotation.dateType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.decimalType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.enumType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.intType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.jsonType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timeType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.uuidType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT96;

import io.basalt.engine.format.parquet.MatrixColumn.Sample;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** The columns of the encoding matrix: every flat Parquet type Basalt maps to Arrow. */
final class MatrixColumns {
  private static final double NULLS = 0.12;
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;
  /** Julian day of 1970-01-01, the epoch of INT96 timestamps' day part. */
  private static final int JULIAN_EPOCH_DAY = 2_440_588;
  private static final String[] ENUM_VALUES = {"RED", "GREEN", "BLUE", "", "ULTRAVIOLET"};

  static final List<MatrixColumn> ALL = List.of(
      optional(BOOLEAN, null, "bool", ArrowType.Bool.INSTANCE, r -> same(r.nextBoolean())),
      optional(INT32, null, "i32", new ArrowType.Int(32, true), r -> {
        int v = pick(r, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, r.nextInt());
        return new Sample(v, (long) v);
      }),
      optional(INT64, null, "i64", new ArrowType.Int(64, true), r -> {
        long v = pick(r, Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, r.nextLong());
        return new Sample(v, v);
      }),
      intColumn("i8", 8, true, new ArrowType.Int(8, true), r -> pick(r, -128, 127, 0, r.nextInt(256) - 128)),
      intColumn("i16", 16, true, new ArrowType.Int(16, true),
          r -> pick(r, -32768, 32767, 0, r.nextInt(65536) - 32768)),
      intColumn("i32_annotated", 32, true, new ArrowType.Int(32, true), r -> r.nextInt()),
      intColumn("u8", 8, false, new ArrowType.Int(16, true), r -> pick(r, 0, 255, r.nextInt(256))),
      intColumn("u16", 16, false, new ArrowType.Int(32, true), r -> pick(r, 0, 65535, r.nextInt(65536))),
      optional(INT32, intType(32, false), "u32", new ArrowType.Int(64, true), r -> {
        int v = pick(r, 0, -1, Integer.MIN_VALUE, r.nextInt());
        return new Sample(v, Integer.toUnsignedLong(v));
      }),
      optional(INT64, intType(64, true), "i64_annotated", new ArrowType.Int(64, true), r -> {
        long v = r.nextLong();
        return new Sample(v, v);
      }),
      optional(INT64, intType(64, false), "u64", new ArrowType.Decimal(20, 0, 128), r -> {
        long v = pick(r, 0L, -1L, Long.MIN_VALUE, r.nextLong());
        return new Sample(v, new BigDecimal(new BigInteger(Long.toUnsignedString(v))));
      }),
      optional(FLOAT, null, "f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), r ->
          same(pick(r, Float.NaN, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, Float.MIN_VALUE, -0.0f,
              (r.nextFloat() - 0.5f) * 1e6f))),
      optional(DOUBLE, null, "f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), r ->
          same(pick(r, Double.NaN, Double.POSITIVE_INFINITY, -Double.MAX_VALUE, Double.MIN_VALUE,
              r.nextGaussian() * 1e12))),
      optional(INT32, decimalType(2, 9), "dec_int32", new ArrowType.Decimal(9, 2, 128), r -> {
        int unscaled = pick(r, 999_999_999, -999_999_999, r.nextInt(2_000_000_000) - 999_999_999);
        return new Sample(unscaled, BigDecimal.valueOf(unscaled, 2));
      }),
      optional(INT64, decimalType(4, 18), "dec_int64", new ArrowType.Decimal(18, 4, 128), r -> {
        long unscaled = pick(r, 999_999_999_999_999_999L, -999_999_999_999_999_999L,
            r.nextLong() % 1_000_000_000_000_000_000L);
        return new Sample(unscaled, BigDecimal.valueOf(unscaled, 4));
      }),
      fixedDecimal("dec_fixed16", 16, 38, 10, 126),
      fixedDecimal("dec_fixed5", 5, 11, 3, 36),
      optional(BINARY, decimalType(5, 30), "dec_binary", new ArrowType.Decimal(30, 5, 128), r -> {
        BigInteger unscaled = signed(r, new BigInteger(1 + r.nextInt(95), r));
        return new Sample(Binary.fromConstantByteArray(unscaled.toByteArray()),
            new BigDecimal(unscaled, 5));
      }),
      optional(INT32, dateType(), "date", new ArrowType.Date(DateUnit.DAY), r -> {
        int days = pick(r, 0, -719_162, 2_932_896, r.nextInt(200_000) - 100_000);
        return new Sample(days, (long) days);
      }),
      optional(INT32, timeType(false, LogicalTypeAnnotation.TimeUnit.MILLIS), "time_millis",
          new ArrowType.Time(TimeUnit.MILLISECOND, 32), r -> {
            int v = pick(r, 0, 86_399_999, r.nextInt(86_400_000));
            return new Sample(v, (long) v);
          }),
      time64("time_micros", LogicalTypeAnnotation.TimeUnit.MICROS, TimeUnit.MICROSECOND, 86_400_000_000L),
      time64("time_nanos", LogicalTypeAnnotation.TimeUnit.NANOS, TimeUnit.NANOSECOND, NANOS_PER_DAY),
      timestamp("ts_millis_utc", true, LogicalTypeAnnotation.TimeUnit.MILLIS, TimeUnit.MILLISECOND),
      timestamp("ts_millis_local", false, LogicalTypeAnnotation.TimeUnit.MILLIS, TimeUnit.MILLISECOND),
      timestamp("ts_micros_utc", true, LogicalTypeAnnotation.TimeUnit.MICROS, TimeUnit.MICROSECOND),
      timestamp("ts_micros_local", false, LogicalTypeAnnotation.TimeUnit.MICROS, TimeUnit.MICROSECOND),
      timestamp("ts_nanos_utc", true, LogicalTypeAnnotation.TimeUnit.NANOS, TimeUnit.NANOSECOND),
      timestamp("ts_nanos_local", false, LogicalTypeAnnotation.TimeUnit.NANOS, TimeUnit.NANOSECOND),
      optional(INT96, null, "int96", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null), r -> {
        // 1900-01-01 .. 2100-12-31, any time of day; the legacy Impala/Spark layout.
        int julianDay = 2_415_021 + r.nextInt(73_413);
        long nanosOfDay = pick(r, 0L, NANOS_PER_DAY - 1, (long) (r.nextDouble() * NANOS_PER_DAY));
        byte[] bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
            .putLong(nanosOfDay).putInt(julianDay).array();
        return new Sample(Binary.fromConstantByteArray(bytes),
            (julianDay - JULIAN_EPOCH_DAY) * NANOS_PER_DAY + nanosOfDay);
      }),
      optional(FIXED_LEN_BYTE_ARRAY, 16, uuidType(), "uuid", ArrowType.Utf8.INSTANCE, r -> {
        UUID uuid = new UUID(r.nextLong(), r.nextLong());
        byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits()).array();
        return new Sample(Binary.fromConstantByteArray(bytes), uuid.toString());
      }),
      optional(BINARY, stringType(), "string", ArrowType.Utf8.INSTANCE, r -> same(text(r))),
      optional(BINARY, enumType(), "enum", ArrowType.Utf8.INSTANCE,
          r -> same(ENUM_VALUES[r.nextInt(ENUM_VALUES.length)])),
      optional(BINARY, jsonType(), "json", ArrowType.Utf8.INSTANCE,
          r -> same("{\"id\":" + r.nextInt(1000) + ",\"tags\":[\"ä\",\"b\"]}")),
      optional(BINARY, null, "binary", ArrowType.Binary.INSTANCE, r -> bytes(r, r.nextInt(30))),
      optional(FIXED_LEN_BYTE_ARRAY, 3, null, "fixed3", new ArrowType.FixedSizeBinary(3),
          r -> bytes(r, 3)),
      column(Types.required(INT64).named("required_i64"), new ArrowType.Int(64, true), 0, r -> {
        long v = r.nextInt(1000) * 1_000_003L;
        return new Sample(v, v);
      }),
      column(Types.required(BINARY).as(stringType()).named("required_string"),
          ArrowType.Utf8.INSTANCE, 0, r -> same("row-" + r.nextInt(100_000))),
      // Few distinct values in the first page, then many: with a small dictionary limit the
      // writer starts a chunk with dictionary pages and falls back to plain ones in the middle.
      new MatrixColumn("fallback_i64", Types.optional(INT64).named("fallback_i64"),
          new ArrowType.Int(64, true), NULLS, (r, row) -> {
            long v = row < 150 ? row % 10 : r.nextLong();
            return new Sample(v, v);
          }),
      new MatrixColumn("fallback_string", Types.optional(BINARY).as(stringType()).named("fallback_string"),
          ArrowType.Utf8.INSTANCE, NULLS,
          (r, row) -> same(row < 150 ? "k" + row % 10 : new UUID(r.nextLong(), r.nextLong()).toString())),
      column(Types.optional(INT32).named("all_null_i32"), new ArrowType.Int(32, true), 1, r -> same(1)),
      column(Types.optional(BINARY).as(stringType()).named("all_null_string"),
          ArrowType.Utf8.INSTANCE, 1, r -> same("x")));

  private MatrixColumns() {}

  static MatrixColumn byName(String name) {
    return ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static MatrixColumn optional(PrimitiveTypeName physical, LogicalTypeAnnotation logical,
      String name, ArrowType arrow, Function<Random, Sample> generator) {
    return column(Types.optional(physical).as(logical).named(name), arrow, NULLS, generator);
  }

  private static MatrixColumn optional(PrimitiveTypeName physical, int length,
      LogicalTypeAnnotation logical, String name, ArrowType arrow, Function<Random, Sample> generator) {
    return column(Types.optional(physical).length(length).as(logical).named(name), arrow, NULLS,
        generator);
  }

  private static MatrixColumn column(Type type, ArrowType arrow, double nullRate,
      Function<Random, Sample> generator) {
    return new MatrixColumn(type.getName(), type, arrow, nullRate, (r, row) -> generator.apply(r));
  }

  private static MatrixColumn intColumn(String name, int bits, boolean signed, ArrowType arrow,
      Function<Random, Integer> values) {
    return optional(INT32, intType(bits, signed), name, arrow, r -> {
      int v = values.apply(r);
      return new Sample(v, (long) v);
    });
  }

  private static MatrixColumn time64(String name, LogicalTypeAnnotation.TimeUnit unit,
      TimeUnit arrowUnit, long perDay) {
    return optional(INT64, timeType(false, unit), name, new ArrowType.Time(arrowUnit, 64), r -> {
      long v = pick(r, 0L, perDay - 1, (long) (r.nextDouble() * perDay));
      return new Sample(v, v);
    });
  }

  private static MatrixColumn timestamp(String name, boolean utc,
      LogicalTypeAnnotation.TimeUnit unit, TimeUnit arrowUnit) {
    return optional(INT64, timestampType(utc, unit), name,
        new ArrowType.Timestamp(arrowUnit, utc ? "UTC" : null), r -> {
          long v = pick(r, Long.MIN_VALUE, Long.MAX_VALUE, 0L, r.nextLong() % 4_000_000_000_000_000L);
          return new Sample(v, v);
        });
  }

  /** DECIMAL in FIXED_LEN_BYTE_ARRAY: big-endian two's complement, sign-extended to the width. */
  private static MatrixColumn fixedDecimal(String name, int width, int precision, int scale,
      int maxBits) {
    return optional(FIXED_LEN_BYTE_ARRAY, width, decimalType(scale, precision), name,
        new ArrowType.Decimal(precision, scale, 128), r -> {
          BigInteger unscaled = signed(r, new BigInteger(1 + r.nextInt(maxBits), r));
          byte[] minimal = unscaled.toByteArray();
          byte[] fixed = new byte[width];
          java.util.Arrays.fill(fixed, 0, width - minimal.length, (byte) (unscaled.signum() < 0 ? -1 : 0));
          System.arraycopy(minimal, 0, fixed, width - minimal.length, minimal.length);
          return new Sample(Binary.fromConstantByteArray(fixed), new BigDecimal(unscaled, scale));
        });
  }

  private static BigInteger signed(Random r, BigInteger v) {
    return r.nextBoolean() ? v.negate() : v;
  }

  /** Strings that exercise front coding and page sizes: shared prefixes, empty, multi-byte, long. */
  private static String text(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> "";
      case 1 -> "größe ✓ 𝄞 データ " + r.nextInt(50);
      case 2 -> "x".repeat(1000 + r.nextInt(4000)) + r.nextInt();
      default -> "customer#" + String.format("%09d", r.nextInt(3000));
    };
  }

  private static Sample bytes(Random r, int length) {
    byte[] b = new byte[length];
    r.nextBytes(b);
    return new Sample(Binary.fromConstantByteArray(b), HexFormat.of().formatHex(b));
  }

  private static Sample same(Object v) {
    return new Sample(v, v);
  }

  /** One of the special values a quarter of the time, else the last (ordinary) one. */
  @SafeVarargs
  private static <T> T pick(Random r, T... candidates) {
    return r.nextInt(4) == 0 ? candidates[r.nextInt(candidates.length - 1)]
        : candidates[candidates.length - 1];
  }
}
