package io.basalt.engine.format.parquet.write;

import java.math.BigInteger;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.DateType;
import org.apache.parquet.format.DecimalType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.IntType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.MicroSeconds;
import org.apache.parquet.format.MilliSeconds;
import org.apache.parquet.format.NanoSeconds;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.StringType;
import org.apache.parquet.format.TimeType;
import org.apache.parquet.format.TimestampType;
import org.apache.parquet.format.Type;

/**
 * Maps one flat Arrow field to its Parquet schema element and a column writer that stores its
 * values. Both the logical type and, where one exists, the legacy converted type are written so
 * that older readers still see dates, decimals and strings.
 */
final class ColumnWriterFactory {
  private ColumnWriterFactory() {}

  /**
   * @throws IllegalArgumentException for types the writer does not support (nested, unsigned,
   *     intervals, ...), naming the field and type
   */
  static ColumnChunkWriter create(Field field, ParquetWriteOptions options) {
    ArrowType type = field.getType();
    SchemaElement element = new SchemaElement(field.getName());
    element.setRepetition_type(
        field.isNullable() ? FieldRepetitionType.OPTIONAL : FieldRepetitionType.REQUIRED);
    LeafColumn column = new LeafColumn(field.getName(), element, field.isNullable());
    switch (type.getTypeID()) {
      case Bool:
        if (options.bloomFilterColumns().contains(field.getName())) {
          throw new IllegalArgumentException("column '" + field.getName()
              + "' is BOOLEAN, which cannot have a bloom filter; statistics already prune it");
        }
        element.setType(Type.BOOLEAN);
        return new BooleanColumnWriter(column, options);
      case Int:
        return integer(field, (ArrowType.Int) type, column, options);
      case FloatingPoint:
        return floatingPoint(field, (ArrowType.FloatingPoint) type, column, options);
      case Decimal:
        return decimal(field, (ArrowType.Decimal) type, column, options);
      case Utf8:
      case LargeUtf8:
        element.setType(Type.BYTE_ARRAY);
        element.setConverted_type(ConvertedType.UTF8);
        element.setLogicalType(LogicalType.STRING(new StringType()));
        return new BinaryColumnWriter(
            column, options, -1, BinaryColumnWriter.UNSIGNED, variableReader(type));
      case Binary:
      case LargeBinary:
        element.setType(Type.BYTE_ARRAY);
        return new BinaryColumnWriter(
            column, options, -1, BinaryColumnWriter.UNSIGNED, variableReader(type));
      case FixedSizeBinary:
        int width = ((ArrowType.FixedSizeBinary) type).getByteWidth();
        element.setType(Type.FIXED_LEN_BYTE_ARRAY);
        element.setType_length(width);
        return new BinaryColumnWriter(
            column, options, width, BinaryColumnWriter.UNSIGNED,
            ArrowValueReaders.fixedWidth(width));
      case Date:
        element.setType(Type.INT32);
        element.setConverted_type(ConvertedType.DATE);
        element.setLogicalType(LogicalType.DATE(new DateType()));
        LongColumnWriter.Reader dateReader =
            ((ArrowType.Date) type).getUnit() == DateUnit.DAY
                ? ArrowValueReaders.signedInteger(4)
                : ArrowValueReaders.dateMillisAsDays();
        return new LongColumnWriter(column, options, true, dateReader);
      case Time:
        return time((ArrowType.Time) type, column, options);
      case Timestamp:
        return timestamp((ArrowType.Timestamp) type, column, options);
      default:
        throw unsupported(field);
    }
  }

  private static BinaryColumnWriter.Reader variableReader(ArrowType type) {
    boolean large =
        type.getTypeID() == ArrowType.ArrowTypeID.LargeUtf8
            || type.getTypeID() == ArrowType.ArrowTypeID.LargeBinary;
    return large ? ArrowValueReaders.largeVariableWidth() : ArrowValueReaders.variableWidth();
  }

  private static ColumnChunkWriter integer(
      Field field, ArrowType.Int type, LeafColumn column, ParquetWriteOptions options) {
    if (!type.getIsSigned()) {
      throw unsupported(field);
    }
    SchemaElement element = column.element();
    int bits = type.getBitWidth();
    LongColumnWriter.Reader reader = ArrowValueReaders.signedInteger(bits / 8);
    switch (bits) {
      case 8:
      case 16:
        element.setType(Type.INT32);
        element.setConverted_type(bits == 8 ? ConvertedType.INT_8 : ConvertedType.INT_16);
        element.setLogicalType(LogicalType.INTEGER(new IntType((byte) bits, true)));
        return new LongColumnWriter(column, options, true, reader);
      case 32:
        element.setType(Type.INT32);
        return new LongColumnWriter(column, options, true, reader);
      case 64:
        element.setType(Type.INT64);
        return new LongColumnWriter(column, options, false, reader);
      default:
        throw unsupported(field);
    }
  }

  private static ColumnChunkWriter floatingPoint(
      Field field, ArrowType.FloatingPoint type, LeafColumn column, ParquetWriteOptions options) {
    if (type.getPrecision() == FloatingPointPrecision.SINGLE) {
      column.element().setType(Type.FLOAT);
      return new DoubleColumnWriter(column, options, true, ArrowValueReaders.float32());
    }
    if (type.getPrecision() == FloatingPointPrecision.DOUBLE) {
      column.element().setType(Type.DOUBLE);
      return new DoubleColumnWriter(column, options, false, ArrowValueReaders.float64());
    }
    throw unsupported(field);
  }

  private static ColumnChunkWriter decimal(
      Field field, ArrowType.Decimal type, LeafColumn column, ParquetWriteOptions options) {
    int precision = type.getPrecision();
    int scale = type.getScale();
    int arrowWidth = type.getBitWidth() / 8;
    if (precision < 1 || scale < 0 || scale > precision) {
      throw unsupported(field);
    }
    SchemaElement element = column.element();
    element.setConverted_type(ConvertedType.DECIMAL);
    element.setLogicalType(LogicalType.DECIMAL(new DecimalType(scale, precision)));
    element.setPrecision(precision);
    element.setScale(scale);
    if (precision <= 18) {
      boolean int32 = precision <= 9;
      element.setType(int32 ? Type.INT32 : Type.INT64);
      return new LongColumnWriter(
          column, options, int32, ArrowValueReaders.decimalLow64(arrowWidth));
    }
    int length = minimalDecimalBytes(precision);
    element.setType(Type.FIXED_LEN_BYTE_ARRAY);
    element.setType_length(length);
    return new BinaryColumnWriter(
        column, options, length, BinaryColumnWriter.SIGNED_BIG_ENDIAN,
        ArrowValueReaders.decimalBigEndian(arrowWidth, length));
  }

  /** Fewest bytes whose two's complement range holds every value of {@code precision} digits. */
  static int minimalDecimalBytes(int precision) {
    BigInteger limit = BigInteger.TEN.pow(precision);
    int bytes = 1;
    while (BigInteger.ONE.shiftLeft(8 * bytes - 1).compareTo(limit) < 0) {
      bytes++;
    }
    return bytes;
  }

  /**
   * Arrow times are wall-clock times of day, so isAdjustedToUTC is false. The legacy TIME_MILLIS
   * and TIME_MICROS converted types imply UTC adjustment and are therefore not written: readers
   * such as DuckDB would otherwise read TIME WITH TIME ZONE.
   */
  private static ColumnChunkWriter time(
      ArrowType.Time type, LeafColumn column, ParquetWriteOptions options) {
    SchemaElement element = column.element();
    switch (type.getUnit()) {
      case SECOND:
      case MILLISECOND:
        element.setType(Type.INT32);
        element.setLogicalType(
            LogicalType.TIME(
                new TimeType(false, org.apache.parquet.format.TimeUnit.MILLIS(new MilliSeconds()))));
        LongColumnWriter.Reader millis = ArrowValueReaders.signedInteger(4);
        return new LongColumnWriter(
            column, options, true,
            type.getUnit() == TimeUnit.SECOND ? ArrowValueReaders.scaled(millis, 1000) : millis);
      case MICROSECOND:
      case NANOSECOND:
        element.setType(Type.INT64);
        element.setLogicalType(LogicalType.TIME(new TimeType(false, parquetUnit(type.getUnit()))));
        return new LongColumnWriter(column, options, false, ArrowValueReaders.signedInteger(8));
      default:
        throw new IllegalArgumentException("unknown time unit " + type.getUnit());
    }
  }

  /**
   * A time zone on the Arrow type means instants (isAdjustedToUTC = true); none means local
   * date-times. The legacy TIMESTAMP_* converted types mean UTC instants, so they are only
   * written for adjusted millis and micros.
   */
  private static ColumnChunkWriter timestamp(
      ArrowType.Timestamp type, LeafColumn column, ParquetWriteOptions options) {
    SchemaElement element = column.element();
    boolean adjustedToUtc = type.getTimezone() != null;
    TimeUnit unit = type.getUnit() == TimeUnit.SECOND ? TimeUnit.MILLISECOND : type.getUnit();
    element.setType(Type.INT64);
    element.setLogicalType(
        LogicalType.TIMESTAMP(new TimestampType(adjustedToUtc, parquetUnit(unit))));
    if (adjustedToUtc && unit == TimeUnit.MILLISECOND) {
      element.setConverted_type(ConvertedType.TIMESTAMP_MILLIS);
    } else if (adjustedToUtc && unit == TimeUnit.MICROSECOND) {
      element.setConverted_type(ConvertedType.TIMESTAMP_MICROS);
    }
    LongColumnWriter.Reader reader = ArrowValueReaders.signedInteger(8);
    if (type.getUnit() == TimeUnit.SECOND) {
      reader = ArrowValueReaders.scaled(reader, 1000);
    }
    return new LongColumnWriter(column, options, false, reader);
  }

  private static org.apache.parquet.format.TimeUnit parquetUnit(TimeUnit unit) {
    switch (unit) {
      case MILLISECOND:
        return org.apache.parquet.format.TimeUnit.MILLIS(new MilliSeconds());
      case MICROSECOND:
        return org.apache.parquet.format.TimeUnit.MICROS(new MicroSeconds());
      case NANOSECOND:
        return org.apache.parquet.format.TimeUnit.NANOS(new NanoSeconds());
      default:
        throw new IllegalArgumentException("no Parquet time unit for " + unit);
    }
  }

  private static IllegalArgumentException unsupported(Field field) {
    return new IllegalArgumentException(
        "column '" + field.getName() + "' has type " + field.getType()
            + ", which the Parquet writer does not support");
  }
}
