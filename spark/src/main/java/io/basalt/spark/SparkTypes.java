package io.basalt.spark;

import java.sql.SQLFeatureNotSupportedException;
import org.apache.calcite.rel.type.RelDataType;

/** Basalt's SQL types as Spark SQL type names. */
final class SparkTypes {
  private SparkTypes() {}

  /** The Spark type name for {@code type}, e.g. {@code DECIMAL(15,2)}, {@code TIMESTAMP_NTZ}. */
  static String name(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case BOOLEAN -> "BOOLEAN";
      case TINYINT -> "TINYINT";
      case SMALLINT -> "SMALLINT";
      case INTEGER -> "INT";
      case BIGINT -> "BIGINT";
      case REAL -> "FLOAT";
      case FLOAT, DOUBLE -> "DOUBLE";
      case DECIMAL -> "DECIMAL(" + type.getPrecision() + "," + type.getScale() + ")";
      case CHAR, VARCHAR -> "STRING";
      case BINARY, VARBINARY -> "BINARY";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMP_NTZ";
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "TIMESTAMP";
      default -> throw new IllegalArgumentException(type.getSqlTypeName().getName());
    };
  }

  /** Whether Spark has a type for {@code type} (it has none for TIME, for instance). */
  static boolean supported(RelDataType type) {
    try {
      name(type);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether Spark results of {@code type} can come back as Basalt values. */
  static void check(RelDataType rowType) throws SQLFeatureNotSupportedException {
    for (var field : rowType.getFieldList()) {
      try {
        name(field.getType());
      } catch (IllegalArgumentException e) {
        throw new SQLFeatureNotSupportedException("engine=spark cannot return column "
            + field.getName() + " of type " + field.getType().getFullTypeString()
            + "; run the query with engine=local");
      }
    }
  }
}
