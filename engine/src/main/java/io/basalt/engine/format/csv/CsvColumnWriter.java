package io.basalt.engine.format.csv;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Converts one column's field text into an Arrow vector, row by row. One subclass per type, chosen
 * once per column, so the per-value work is a parse and a store. {@link #write} returns false when
 * the text is not a value of the column's type; the caller reports or rejects the record (a
 * rejected record's row is simply written again by the next record).
 */
abstract class CsvColumnWriter {
  final CsvColumn column;
  final CsvValues values = new CsvValues();
  FieldVector vector;

  CsvColumnWriter(CsvColumn column) {
    this.column = column;
  }

  static CsvColumnWriter create(CsvColumn column) {
    return switch (column.type().kind()) {
      case BOOLEAN -> new BooleanWriter(column);
      case BIGINT -> new BigIntWriter(column);
      case DECIMAL -> new DecimalWriter(column);
      case DOUBLE -> new DoubleWriter(column);
      case DATE -> new DateWriter(column);
      case TIMESTAMP -> new TimestampWriter(column);
      case VARCHAR -> new VarcharWriter(column);
    };
  }

  /** Whether {@code [start, end)} is a value of {@code type} (the header check of the sniffer). */
  static boolean fits(CsvType type, byte[] b, int start, int end, CsvValues values) {
    return switch (type.kind()) {
      case BOOLEAN -> CsvValues.isBoolean(b, start, end, new boolean[1]);
      case BIGINT -> values.parseLong(b, start, end);
      case DECIMAL -> values.parseDecimal(b, start, end, type.scale());
      case DOUBLE -> values.parseDouble(b, start, end);
      case DATE -> values.parseDate(b, start, end);
      case TIMESTAMP -> values.parseTimestamp(b, start, end);
      case VARCHAR -> CsvValues.isValidUtf8(b, start, end);
    };
  }

  /** Starts a new vector for a batch of up to {@code rows} rows. */
  void allocate(BufferAllocator allocator, int rows) {
    vector = column.field().createVector(allocator);
    vector.setInitialCapacity(rows);
    vector.allocateNew();
  }

  /** Hands the filled vector over to the caller. */
  FieldVector finish(int rows) {
    FieldVector v = vector;
    vector = null;
    v.setValueCount(rows);
    return v;
  }

  void close() {
    if (vector != null) {
      vector.close();
      vector = null;
    }
  }

  void writeNull(int row) {
    vector.setNull(row);
  }

  abstract boolean write(int row, byte[] b, int start, int end);

  /** What the column expects, for messages. */
  String expected() {
    return column.type().toString();
  }

  private static final class BooleanWriter extends CsvColumnWriter {
    private final boolean[] out = new boolean[1];

    BooleanWriter(CsvColumn c) {
      super(c);
    }

    @Override
    boolean write(int row, byte[] b, int start, int end) {
      if (!CsvValues.isBoolean(b, start, end, out)) {
        return false;
      }
      ((BitVector) vector).set(row, out[0] ? 1 : 0);
      return true;
    }
  }

  private static final class BigIntWriter extends CsvColumnWriter {
    BigIntWriter(CsvColumn c) {
      super(c);
    }

    @Override
    boolean write(int row, byte[] b, int start, int end) {
      if (!values.parseLong(b, start, end)) {
        return false;
      }
      ((BigIntVector) vector).set(row, values.longValue);
      return true;
    }
  }

  private static final class DecimalWriter extends CsvColumnWriter {
    DecimalWriter(CsvColumn c) {
      super(c);
    }

    @Override
    boolean write(int row, byte[] b, int start, int end) {
      if (!values.parseDecimal(b, start, end, column.type().scale())) {
        return false;
      }
      ((DecimalVector) vector).set(row, values.longValue);
      return true;
    }

    @Override
    String expected() {
      return column.type() + " (at most " + column.type().scale() + " digits after the point, "
          + CsvType.DECIMAL_PRECISION + " in all; never rounded)";
    }
  }

  private static final class DoubleWriter extends CsvColumnWriter {
    DoubleWriter(CsvColumn c) {
      super(c);
    }

    @Override
    boolean write(int row, byte[] b, int start, int end) {
      if (!values.parseDouble(b, start, end)) {
        return false;
      }
      ((Float8Vector) vector).set(row, values.doubleValue);
      return true;
    }
  }

  private static final class DateWriter extends CsvColumnWriter {
    DateWriter(CsvColumn c) {
      super(c);
    }

    @Override
    boolean write(int row, byte[] b, int start, int end) {
      if (!values.parseDate(b, start, end)) {
        return false;
      }
      ((DateDayVector) vector).set(row, (int) values.longValue);
      return true;
    }

    @Override
    String expected() {
      return "DATE (YYYY-MM-DD)";
    }
  }

  private static final class TimestampWriter extends CsvColumnWriter {
    TimestampWriter(CsvColumn c) {
      super(c);
    }

    @Override
    boolean write(int row, byte[] b, int start, int end) {
      if (!values.parseTimestamp(b, start, end)) {
        return false;
      }
      ((TimeStampMicroVector) vector).set(row, values.longValue);
      return true;
    }

    @Override
    String expected() {
      return "TIMESTAMP (YYYY-MM-DD HH:MM:SS[.ffffff])";
    }
  }

  private static final class VarcharWriter extends CsvColumnWriter {
    VarcharWriter(CsvColumn c) {
      super(c);
    }

    @Override
    boolean write(int row, byte[] b, int start, int end) {
      if (!CsvValues.isValidUtf8(b, start, end)) {
        return false;
      }
      ((VarCharVector) vector).setSafe(row, b, start, end - start);
      return true;
    }

    @Override
    String expected() {
      return "VARCHAR (valid UTF-8)";
    }
  }
}
