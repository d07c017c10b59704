package io.basalt.spark;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import io.basalt.engine.pushdown.DomainValues;
import io.basalt.engine.pushdown.ValueDomain;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.spark.sql.Row;

/**
 * Spark's result values as Calcite's internal ones for the statement's declared types, so a
 * ResultSet from Spark has exactly the types of one from Basalt: integers narrowed or widened to
 * the declared width, decimals at the declared scale (Spark's arithmetic may give another, rounded
 * half-up as Spark's own CAST), DATE as days and TIMESTAMP as milliseconds since the epoch.
 */
final class SparkValues {
  private final List<Function<Object, Object>> columns;

  SparkValues(RelDataType rowType) {
    this.columns = rowType.getFieldList().stream().map(SparkValues::converter).toList();
  }

  Object[] row(Row row) {
    Object[] out = new Object[columns.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = row.get(i);
      out[i] = v == null ? null : columns.get(i).apply(v);
    }
    return out;
  }

  private static Function<Object, Object> converter(RelDataTypeField field) {
    RelDataType type = field.getType();
    return switch (type.getSqlTypeName()) {
      case BOOLEAN -> v -> (Boolean) v;
      case TINYINT -> v -> ((Number) v).byteValue();
      case SMALLINT -> v -> ((Number) v).shortValue();
      case INTEGER -> v -> ((Number) v).intValue();
      case BIGINT -> v -> ((Number) v).longValue();
      case REAL -> v -> ((Number) v).floatValue();
      case FLOAT, DOUBLE -> v -> ((Number) v).doubleValue();
      case DECIMAL -> {
        int scale = type.getScale();
        yield v -> decimal(v).setScale(scale, RoundingMode.HALF_UP);
      }
      case CHAR, VARCHAR -> v -> v.toString();
      case BINARY, VARBINARY -> v -> new ByteString((byte[]) v);
      case DATE -> v -> (int) (v instanceof LocalDate d ? d
          : v instanceof java.sql.Date d ? d.toLocalDate()
          : LocalDate.ofEpochDay(Math.floorDiv(localMillis(v), 86_400_000L))).toEpochDay();
      case TIMESTAMP -> v -> localMillis(v);
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> v -> v instanceof java.sql.Timestamp s ? s.getTime()
          : localMillis(v);
      default -> throw new IllegalArgumentException("no conversion for " + type);
    };
  }

  /**
   * A {@code ?} value as Spark takes it (a literal of the parameter's type): Calcite hands it over
   * in its internal form, DATE as days and TIMESTAMP as milliseconds.
   */
  static Object parameter(Object value, RelDataType type) {
    if (value == null) {
      return null;
    }
    return switch (type.getSqlTypeName()) {
      case BOOLEAN -> (Boolean) DomainValues.fromParameter(value, ValueDomain.BOOLEAN);
      case TINYINT -> exact(value).byteValueExact();
      case SMALLINT -> exact(value).shortValueExact();
      case INTEGER -> exact(value).intValueExact();
      case BIGINT -> exact(value).longValueExact();
      case DECIMAL -> ((BigDecimal) DomainValues.fromParameter(value, ValueDomain.EXACT))
          .setScale(type.getScale(), RoundingMode.HALF_UP);
      case REAL -> ((Number) DomainValues.fromParameter(value, ValueDomain.APPROX)).floatValue();
      case FLOAT, DOUBLE -> ((Number) DomainValues.fromParameter(value, ValueDomain.APPROX))
          .doubleValue();
      case CHAR, VARCHAR -> value.toString();
      case DATE -> LocalDate.ofEpochDay(
          ((Number) DomainValues.fromParameter(value, ValueDomain.DATE)).longValue());
      case TIMESTAMP -> LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC).plusNanos(
          Math.multiplyExact(((Number) DomainValues.fromParameter(value, ValueDomain.TIMESTAMP))
              .longValue(), 1_000_000L));
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> Instant.ofEpochMilli(
          ((Number) DomainValues.fromParameter(value, ValueDomain.TIMESTAMP)).longValue());
      default -> throw new IllegalArgumentException("engine=spark cannot take a parameter of type "
          + type + "; run the statement with engine=local");
    };
  }

  /** An integer parameter's value, rounded half up as the local engine's kernels round it. */
  private static BigDecimal exact(Object value) {
    return ((BigDecimal) DomainValues.fromParameter(value, ValueDomain.EXACT))
        .setScale(0, RoundingMode.HALF_UP);
  }

  private static BigDecimal decimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof scala.math.BigDecimal d) {
      return d.bigDecimal();
    }
    return new BigDecimal(v.toString());
  }

  /**
   * A zone-less TIMESTAMP's milliseconds. Spark gives a TIMESTAMP_NTZ as LocalDateTime, but some of
   * its functions (date_trunc, timestamp minus a day-time interval) yield a TIMESTAMP, an Instant:
   * in Basalt's session, whose clock is UTC, its UTC reading is the same wall-clock time.
   */
  private static long localMillis(Object v) {
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    LocalDateTime t = v instanceof LocalDateTime l ? l : ((java.sql.Timestamp) v).toLocalDateTime();
    return t.toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
