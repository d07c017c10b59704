package io.basalt.spark;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Makes Spark divide decimals at Basalt's scale. Both size a quotient by SQL Server's rule from
 * the operands' types, so each operand is first cast to the type Basalt saw (see {@link
 * #asDecimal}). Where that rule leaves fewer than 12 fractional digits (a ratio of two SUMs: 6),
 * Basalt keeps 12 and gives up integer digits instead ({@code BasaltTypeSystem}); Spark is led to
 * the same type by casting the dividend to {@code DECIMAL(38, 12 + divisor scale)}: the quotient's
 * integer digits are then 26, and Spark's rule yields exactly {@code DECIMAL(38, 12)}, rounded
 * once, half up. A dividend with more than 26 minus the divisor's scale integer digits does not
 * fit that cast: Spark fails with its overflow error where Basalt answers (an error, not a wrong
 * value). A divisor of a scale above 26 leaves no room for that cast: the query is refused.
 */
final class DecimalQuotients {
  private static final int MAX = 38;

  private DecimalQuotients() {}

  /** {@code call}, a quotient, with its operands cast so that Spark types it as Basalt did. */
  static RexNode atBasaltScale(RexBuilder rex, RexCall call) {
    RelDataType result = call.getType();
    if (result.getSqlTypeName() != SqlTypeName.DECIMAL) {
      return call;
    }
    RelDataType dividend = asDecimal(rex, call.getOperands().get(0).getType());
    RelDataType divisor = asDecimal(rex, call.getOperands().get(1).getType());
    if (dividend == null || divisor == null) {
      return call;
    }
    int scale = result.getScale();
    if (sparkScale(dividend, divisor) < scale && scale + divisor.getScale() > MAX) {
      throw new SparkSqlTranslator.Untranslatable("engine=spark cannot divide by a DECIMAL of scale "
          + divisor.getScale() + " at Basalt's scale " + scale + " (Spark would keep fewer digits);"
          + " run the query with engine=local");
    }
    if (sparkScale(dividend, divisor) < scale) {
      dividend = rex.getTypeFactory().createTypeWithNullability(
          rex.getTypeFactory().createSqlType(SqlTypeName.DECIMAL, MAX, scale + divisor.getScale()),
          dividend.isNullable());
    }
    return rex.makeCall(result, SqlStdOperatorTable.DIVIDE,
        java.util.List.of(rex.makeAbstractCast(dividend, call.getOperands().get(0), false),
            rex.makeAbstractCast(divisor, call.getOperands().get(1), false)));
  }

  /**
   * The decimal type Calcite sized the quotient with: the operand's own, or an integer's exact
   * equivalent. Spark would type an integer literal by its digits ({@code 7}: DECIMAL(1,0)) and a
   * product by its own rule, so each operand is cast to this type, and Spark sizes the quotient
   * from the same operand types as Basalt. Null for other types (no decimal quotient).
   */
  private static RelDataType asDecimal(RexBuilder rex, RelDataType type) {
    int precision = switch (type.getSqlTypeName()) {
      case DECIMAL -> type.getPrecision();
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case INTEGER -> 10;
      case BIGINT -> 19;
      default -> -1;
    };
    if (precision < 0) {
      return null;
    }
    return rex.getTypeFactory().createTypeWithNullability(rex.getTypeFactory().createSqlType(
        SqlTypeName.DECIMAL, precision, type.getScale() < 0 ? 0 : type.getScale()), type.isNullable());
  }

  /** The scale of Spark's (and SQL Server's) decimal quotient of these types. */
  static int sparkScale(RelDataType dividend, RelDataType divisor) {
    int intDigits = dividend.getPrecision() - dividend.getScale() + divisor.getScale();
    int scale = Math.max(6, dividend.getScale() + divisor.getPrecision() + 1);
    if (intDigits + scale <= MAX) {
      return scale;
    }
    return Math.max(MAX - intDigits, Math.min(scale, 6));
  }
}
