package io.basalt.planner.types;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Maps the engine's Arrow types to SQL types, one to one. Time and timestamp precision follows the
 * Arrow unit (3, 6 or 9 fractional digits); a UTC-adjusted timestamp is TIMESTAMP WITH LOCAL TIME
 * ZONE.
 */
public final class ArrowSqlTypes {
  private ArrowSqlTypes() {}

  /** The SQL type of {@code field}, nullable as the field is. */
  public static RelDataType toSql(Field field, RelDataTypeFactory factory) {
    RelDataType type = toSql(field.getType(), factory);
    return factory.createTypeWithNullability(type, field.isNullable());
  }

  public static RelDataType toSql(ArrowType type, RelDataTypeFactory factory) {
    return switch (type.getTypeID()) {
      case Bool -> factory.createSqlType(SqlTypeName.BOOLEAN);
      case Int -> switch (((ArrowType.Int) type).getBitWidth()) {
        case 8 -> factory.createSqlType(SqlTypeName.TINYINT);
        case 16 -> factory.createSqlType(SqlTypeName.SMALLINT);
        case 32 -> factory.createSqlType(SqlTypeName.INTEGER);
        default -> factory.createSqlType(SqlTypeName.BIGINT);
      };
      case FloatingPoint -> ((ArrowType.FloatingPoint) type).getPrecision()
          == FloatingPointPrecision.SINGLE
          ? factory.createSqlType(SqlTypeName.REAL)
          : factory.createSqlType(SqlTypeName.DOUBLE);
      case Decimal -> factory.createSqlType(SqlTypeName.DECIMAL,
          ((ArrowType.Decimal) type).getPrecision(), ((ArrowType.Decimal) type).getScale());
      case Utf8, LargeUtf8 -> factory.createSqlType(SqlTypeName.VARCHAR);
      case Binary, LargeBinary -> factory.createSqlType(SqlTypeName.VARBINARY);
      case FixedSizeBinary -> factory.createSqlType(SqlTypeName.BINARY,
          ((ArrowType.FixedSizeBinary) type).getByteWidth());
      case Date -> factory.createSqlType(SqlTypeName.DATE);
      case Time -> factory.createSqlType(SqlTypeName.TIME,
          precision(((ArrowType.Time) type).getUnit()));
      case Timestamp -> {
        ArrowType.Timestamp ts = (ArrowType.Timestamp) type;
        yield factory.createSqlType(ts.getTimezone() == null
            ? SqlTypeName.TIMESTAMP : SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE,
            precision(ts.getUnit()));
      }
      default -> throw new IllegalArgumentException("no SQL type for Arrow type " + type);
    };
  }

  private static int precision(org.apache.arrow.vector.types.TimeUnit unit) {
    return switch (unit) {
      case SECOND -> 0;
      case MILLISECOND -> 3;
      case MICROSECOND -> 6;
      case NANOSECOND -> 9;
    };
  }
}
