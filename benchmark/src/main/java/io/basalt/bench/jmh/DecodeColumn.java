package io.basalt.bench.jmh;

import io.basalt.engine.format.parquet.write.ParquetWriteOptions;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The column chunks the decoder benchmark reads: each kind defines its generated values (every
 * tenth row NULL, to exercise definition levels), how it is written, and an order-sensitive
 * checksum over decoded values ({@code sum = sum * 31 + term}) that the benchmark returns and its
 * test recomputes from the generator.
 */
public enum DecodeColumn {
  /** Spread-out longs: written PLAIN, as a dictionary would not pay. */
  INT64(new ArrowType.Int(64, true), false) {
    @Override
    void set(FieldVector vector, int row) {
      ((BigIntVector) vector).setSafe(row, longValue(row));
    }

    @Override
    long decodedTerm(FieldVector vector, int index) {
      return ((BigIntVector) vector).get(index);
    }

    @Override
    long expectedTerm(int row) {
      return longValue(row);
    }
  },
  /** Doubles: written PLAIN. */
  DOUBLE(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), false) {
    @Override
    void set(FieldVector vector, int row) {
      ((Float8Vector) vector).setSafe(row, doubleValue(row));
    }

    @Override
    long decodedTerm(FieldVector vector, int index) {
      return Double.doubleToRawLongBits(((Float8Vector) vector).get(index));
    }

    @Override
    long expectedTerm(int row) {
      return Double.doubleToRawLongBits(doubleValue(row));
    }
  },
  /** Strings from a small set: dictionary-encoded, as TPC-H flags, modes and names are. */
  DICTIONARY_STRING(ArrowType.Utf8.INSTANCE, true) {
    @Override
    void set(FieldVector vector, int row) {
      ((VarCharVector) vector).setSafe(row, stringValue(row).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    long decodedTerm(FieldVector vector, int index) {
      VarCharVector strings = (VarCharVector) vector;
      long start = strings.getStartOffset(index);
      int length = strings.getValueLength(index);
      return length * 131L + strings.getDataBuffer().getByte(start + length - 1);
    }

    @Override
    long expectedTerm(int row) {
      byte[] bytes = stringValue(row).getBytes(StandardCharsets.UTF_8);
      return bytes.length * 131L + bytes[bytes.length - 1];
    }
  };

  /** Each NULL adds this to the checksum, so that a NULL decoded as a value (or back) shows. */
  static final long NULL_WEIGHT = 1_000_003L;
  static final int DISTINCT_STRINGS = 250;

  private final ArrowType type;
  private final boolean dictionary;

  DecodeColumn(ArrowType type, boolean dictionary) {
    this.type = type;
    this.dictionary = dictionary;
  }

  Field field() {
    return new Field("v", FieldType.nullable(type), null);
  }

  ParquetWriteOptions options(int rows) {
    return ParquetWriteOptions.defaults().withRowGroupRows(rows).withDictionary(dictionary);
  }

  static boolean isNull(int row) {
    return row % 10 == 9;
  }

  static long longValue(int row) {
    return row * 2_654_435_761L ^ ((long) row << 40);
  }

  static double doubleValue(int row) {
    return row * 0.25 - 1000.5;
  }

  static String stringValue(int row) {
    return "value-" + (row * 31 % DISTINCT_STRINGS);
  }

  /** Sets row {@code row} of {@code vector} to the generated value (not called for NULL rows). */
  abstract void set(FieldVector vector, int row);

  /** The checksum term of the non-null value at {@code index} of a decoded vector. */
  abstract long decodedTerm(FieldVector vector, int index);

  /** The checksum term the generated value of {@code row} must decode to. */
  abstract long expectedTerm(int row);

  /** The checksum of {@code rows} generated rows, computed without writing or reading a file. */
  public long expectedChecksum(int rows) {
    long sum = 0;
    for (int row = 0; row < rows; row++) {
      sum = sum * 31 + (isNull(row) ? NULL_WEIGHT : expectedTerm(row));
    }
    return sum;
  }
}
