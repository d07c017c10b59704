package io.basalt.planner.types;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * The Arrow type of each SQL type: the inverse of {@link ArrowSqlTypes}, used for the batches engine
 * operators produce and for written results. DECIMAL keeps the plan's precision and scale (128-bit
 * Arrow decimals; kernels read the low 64 bits when the precision is at most 18). TIMESTAMP is
 * microseconds (Parquet's {@code TIMESTAMP(MICROS)}), which holds every value SQL produces; TIMESTAMP
 * WITH LOCAL TIME ZONE is UTC-adjusted. Every field is nullable: kernels test validity buffers, and
 * skip the test for vectors without nulls.
 */
public final class SqlArrowTypes {
  private SqlArrowTypes() {}

  /** The schema of batches of rows of {@code rowType}. */
  public static Schema schema(RelDataType rowType) {
    List<Field> fields = new ArrayList<>();
    for (RelDataTypeField f : rowType.getFieldList()) {
      fields.add(field(f));
    }
    return new Schema(fields);
  }

  /** The Arrow field of one SQL field. */
  public static Field field(RelDataTypeField f) {
    return new Field(f.getName(), new FieldType(true, arrow(f), null), null);
  }

  private static ArrowType arrow(RelDataTypeField field) {
    RelDataType t = field.getType();
    return switch (t.getSqlTypeName()) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case TINYINT -> new ArrowType.Int(8, true);
      case SMALLINT -> new ArrowType.Int(16, true);
      case INTEGER -> new ArrowType.Int(32, true);
      case BIGINT -> new ArrowType.Int(64, true);
      case REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case FLOAT, DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL -> new ArrowType.Decimal(t.getPrecision(), t.getScale(), 128);
      case CHAR, VARCHAR, NULL -> ArrowType.Utf8.INSTANCE;
      case BINARY, VARBINARY -> ArrowType.Binary.INSTANCE;
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIME -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
      default -> throw new UnsupportedOperationException("not supported yet: writing column '"
          + field.getName() + "' of type " + t.getFullTypeString()
          + "; cast it to VARCHAR or a numeric, date or timestamp type");
    };
  }
}
