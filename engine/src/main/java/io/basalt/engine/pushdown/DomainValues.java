package io.basalt.engine.pushdown;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Conversions into a {@link ValueDomain}: from a column's native values (statistics, partition
 * values: Long for integers, dates in days and timestamps in the column's unit, BigDecimal,
 * Double, UTF-8 byte[], Boolean), and from parameter values as the SQL layer binds them.
 *
 * <p>A column converts into a domain only when the conversion is monotonic (never reverses order),
 * so that a chunk's min and max convert to bounds of its converted values; this is what makes a
 * predicate over an order-preserving CAST of a column pushable.
 */
public final class DomainValues {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private DomainValues() {}

  /** Whether a column of Arrow type {@code type} compares in {@code domain}. */
  public static boolean supports(ArrowType type, ValueDomain domain) {
    return switch (domain) {
      case EXACT -> type instanceof ArrowType.Int || type instanceof ArrowType.Decimal;
      case APPROX -> type instanceof ArrowType.Int || type instanceof ArrowType.Decimal
          || type instanceof ArrowType.FloatingPoint fp
              && fp.getPrecision() != FloatingPointPrecision.HALF;
      case STRING -> type instanceof ArrowType.Utf8;
      case DATE -> type instanceof ArrowType.Date;
      case TIMESTAMP -> type instanceof ArrowType.Date
          || type instanceof ArrowType.Timestamp ts && ts.getTimezone() == null;
      case BOOLEAN -> type instanceof ArrowType.Bool;
    };
  }

  /**
   * A native value of a column of {@code type} in {@code domain}; null when it does not convert
   * (callers then treat the bound as unknown).
   */
  public static Object fromNative(ArrowType type, ValueDomain domain, Object value) {
    if (value == null || !supports(type, domain)) {
      return null;
    }
    switch (domain) {
      case EXACT:
        return value instanceof BigDecimal d ? d
            : value instanceof Long || value instanceof Integer
                ? BigDecimal.valueOf(((Number) value).longValue()) : null;
      case APPROX:
        return value instanceof Number n ? n.doubleValue() : null;
      case STRING:
        return value instanceof byte[] ? value
            : value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
      case DATE:
        return value instanceof Number n ? n.longValue() : null;
      case TIMESTAMP:
        if (!(value instanceof Number n)) {
          return null;
        }
        if (type instanceof ArrowType.Date) {
          return Math.multiplyExact(n.longValue(), MILLIS_PER_DAY);
        }
        return switch (((ArrowType.Timestamp) type).getUnit()) {
          case SECOND -> Math.multiplyExact(n.longValue(), 1000L);
          case MILLISECOND -> n.longValue();
          // floorDiv, as the SQL layer reads these columns: monotonic, so bounds stay bounds.
          case MICROSECOND -> Math.floorDiv(n.longValue(), 1_000L);
          case NANOSECOND -> Math.floorDiv(n.longValue(), 1_000_000L);
        };
      case BOOLEAN:
        return value instanceof Boolean ? value : null;
      default:
        return null;
    }
  }

  /**
   * A parameter value, as the SQL layer binds it (Integer days for DATE, Long millis for
   * TIMESTAMP, or java.sql / java.time objects), in {@code domain}.
   *
   * @throws IllegalArgumentException when the value does not convert exactly
   */
  public static Object fromParameter(Object value, ValueDomain domain) {
    if (value == null) {
      return null;
    }
    switch (domain) {
      case EXACT:
        if (value instanceof BigDecimal d) {
          return d;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short
            || value instanceof Byte) {
          return BigDecimal.valueOf(((Number) value).longValue());
        }
        if ((value instanceof Double || value instanceof Float)
            && Double.isFinite(((Number) value).doubleValue())) {
          return new BigDecimal(((Number) value).doubleValue());
        }
        if (value instanceof String s) {
          return new BigDecimal(s.trim());
        }
        break;
      case APPROX:
        if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
          return n.doubleValue();
        }
        break;
      case STRING:
        if (value instanceof String s) {
          return s.getBytes(StandardCharsets.UTF_8);
        }
        break;
      case DATE:
        if (value instanceof Integer || value instanceof Long) {
          return ((Number) value).longValue();
        }
        if (value instanceof java.sql.Date d) {
          return d.toLocalDate().toEpochDay();
        }
        if (value instanceof LocalDate d) {
          return d.toEpochDay();
        }
        if (value instanceof String s) {
          return LocalDate.parse(s.trim()).toEpochDay();
        }
        break;
      case TIMESTAMP:
        if (value instanceof Long l) {
          return l;
        }
        if (value instanceof Timestamp t) {
          return t.toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (value instanceof LocalDateTime t) {
          return t.toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (value instanceof Calendar c) {
          return c.getTimeInMillis();
        }
        break;
      case BOOLEAN:
        if (value instanceof Boolean) {
          return value;
        }
        break;
      default:
        break;
    }
    throw new IllegalArgumentException("cannot compare a " + value.getClass().getSimpleName()
        + " parameter in domain " + domain);
  }
}
