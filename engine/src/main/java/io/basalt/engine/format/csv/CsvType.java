package io.basalt.engine.format.csv;

import java.util.Locale;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The type of one CSV column: one of the types inference can choose, with a scale for DECIMAL.
 * DECIMAL is always {@code DECIMAL(18, scale)} (a scaled long), DATE is days, TIMESTAMP is
 * microseconds without time zone.
 */
public record CsvType(Kind kind, int scale) {
  /** Inference order within a family: a value widens a column to the first kind that fits it. */
  public enum Kind { BOOLEAN, BIGINT, DECIMAL, DOUBLE, DATE, TIMESTAMP, VARCHAR }

  public static final int DECIMAL_PRECISION = 18;

  public static final CsvType BOOLEAN = new CsvType(Kind.BOOLEAN, 0);
  public static final CsvType BIGINT = new CsvType(Kind.BIGINT, 0);
  public static final CsvType DOUBLE = new CsvType(Kind.DOUBLE, 0);
  public static final CsvType DATE = new CsvType(Kind.DATE, 0);
  public static final CsvType TIMESTAMP = new CsvType(Kind.TIMESTAMP, 0);
  public static final CsvType VARCHAR = new CsvType(Kind.VARCHAR, 0);

  public CsvType {
    if (scale < 0 || scale > DECIMAL_PRECISION || (kind != Kind.DECIMAL && scale != 0)) {
      throw new IllegalArgumentException("invalid scale " + scale + " for " + kind);
    }
  }

  public static CsvType decimal(int scale) {
    return new CsvType(Kind.DECIMAL, scale);
  }

  /**
   * Parses a type name as written in {@code columns => 'a BIGINT, b DECIMAL(18,2)'}: BOOLEAN,
   * BIGINT (INT, INTEGER), DOUBLE (FLOAT, REAL), DECIMAL(p,s) with p at most 18, DATE, TIMESTAMP,
   * VARCHAR (TEXT, STRING).
   */
  public static CsvType parse(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
    switch (t) {
      case "BOOLEAN", "BOOL": return BOOLEAN;
      case "BIGINT", "INT", "INTEGER", "LONG": return BIGINT;
      case "DOUBLE", "FLOAT", "REAL": return DOUBLE;
      case "DATE": return DATE;
      case "TIMESTAMP": return TIMESTAMP;
      case "VARCHAR", "TEXT", "STRING": return VARCHAR;
      default: break;
    }
    if (t.startsWith("DECIMAL(") && t.endsWith(")")) {
      String[] ps = t.substring("DECIMAL(".length(), t.length() - 1).split(",");
      try {
        int precision = Integer.parseInt(ps[0]);
        int scale = ps.length > 1 ? Integer.parseInt(ps[1]) : 0;
        if (precision <= DECIMAL_PRECISION && scale <= precision && ps.length <= 2) {
          return decimal(scale);
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new IllegalArgumentException("unknown CSV column type '" + text.trim()
        + "': use BOOLEAN, BIGINT, DOUBLE, DECIMAL(p,s) with p <= 18, DATE, TIMESTAMP or VARCHAR");
  }

  /** The Arrow field a column of this type is read into (always nullable). */
  public Field field(String name) {
    ArrowType arrow = switch (kind) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case BIGINT -> new ArrowType.Int(64, true);
      case DECIMAL -> new ArrowType.Decimal(DECIMAL_PRECISION, scale, 128);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case VARCHAR -> ArrowType.Utf8.INSTANCE;
    };
    return new Field(name, FieldType.nullable(arrow), null);
  }

  @Override
  public String toString() {
    return kind == Kind.DECIMAL ? "DECIMAL(" + DECIMAL_PRECISION + "," + scale + ")" : kind.name();
  }
}
