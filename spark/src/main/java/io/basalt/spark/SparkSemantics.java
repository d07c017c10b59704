package io.basalt.spark;

import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Rewrites the expressions whose Spark meaning differs from Basalt's, so that Spark computes
 * Basalt's answer rather than a silently different one:
 *
 * <ul>
 *   <li>an integer quotient ({@code 7 / 2} is 3 in Basalt; Spark's {@code /} gives the DOUBLE 3.5,
 *       which also loses digits beyond 2^53) becomes Spark's {@code DIV}, which truncates towards
 *       zero as Basalt does;
 *   <li>a cast to {@code VARCHAR(n)} truncates to n characters and one to {@code CHAR(n)} also pads
 *       with spaces, as in Basalt; Spark's text type is {@code STRING}, unbounded, so the cast
 *       becomes {@code SUBSTRING(CAST(x AS STRING), 1, n)} or {@code RPAD(CAST(x AS STRING), n, ' ')};
 *   <li>decimal quotients, at Basalt's scale ({@link DecimalQuotients}).
 * </ul>
 */
final class SparkSemantics {
  /** Spark's integral division: {@code a DIV b}, truncated towards zero, a BIGINT. */
  static final SqlBinaryOperator DIV = new SqlBinaryOperator("DIV", SqlKind.OTHER, 60, true,
      ReturnTypes.ARG0_NULLABLE, InferTypes.FIRST_KNOWN, OperandTypes.EXACT_NUMERIC_EXACT_NUMERIC);

  private SparkSemantics() {}

  static RelNode rewrite(RelNode plan) {
    RexBuilder rex = plan.getCluster().getRexBuilder();
    RexShuttle shuttle = new RexShuttle() {
      @Override
      public RexNode visitCall(RexCall call) {
        RexNode visited = super.visitCall(call);
        if (!(visited instanceof RexCall c)) {
          return visited;
        }
        if (c.getKind() == SqlKind.DIVIDE) {
          return isInteger(c.getType()) && isInteger(c.getOperands().get(0).getType())
              && isInteger(c.getOperands().get(1).getType())
              ? rex.makeCall(c.getType(), DIV, c.getOperands())
              : DecimalQuotients.atBasaltScale(rex, c);
        }
        if (c.getKind() == SqlKind.CAST) {
          return boundedText(rex, c);
        }
        return c;
      }
    };
    return plan.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        return super.visit(other).accept(shuttle);
      }
    });
  }

  private static boolean isInteger(RelDataType type) {
    return SqlTypeUtil.isIntType(type);
  }

  /** A cast to CHAR(n)/VARCHAR(n) that may change the value's length, made explicit. */
  private static RexNode boundedText(RexBuilder rex, RexCall cast) {
    RelDataType target = cast.getType();
    SqlTypeName name = target.getSqlTypeName();
    if ((name != SqlTypeName.CHAR && name != SqlTypeName.VARCHAR)
        || target.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED) {
      return cast;
    }
    int length = target.getPrecision();
    RelDataType source = cast.getOperands().get(0).getType();
    boolean sourceIsText = source.getSqlTypeName() == SqlTypeName.CHAR
        || source.getSqlTypeName() == SqlTypeName.VARCHAR;
    boolean fits = sourceIsText && source.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
        && (name == SqlTypeName.VARCHAR ? source.getPrecision() <= length
            : source.getSqlTypeName() == SqlTypeName.CHAR && source.getPrecision() == length);
    if (fits) {
      return cast;
    }
    RelDataTypeFactory types = rex.getTypeFactory();
    RelDataType text = types.createTypeWithNullability(
        types.createSqlType(SqlTypeName.VARCHAR), target.isNullable());
    RexNode asText = rex.makeCast(text, cast.getOperands().get(0), false, false);
    RexNode n = rex.makeExactLiteral(java.math.BigDecimal.valueOf(length));
    RexNode bounded = name == SqlTypeName.VARCHAR
        ? rex.makeCall(text, SqlStdOperatorTable.SUBSTRING,
            List.of(asText, rex.makeExactLiteral(java.math.BigDecimal.ONE), n))
        : rex.makeCall(text, SqlLibraryOperators.RPAD, List.of(asText, n, rex.makeLiteral(" ")));
    // Typed as the cast was, for the operators above it; Spark sees STRING either way.
    return rex.makeCast(target, bounded, false, false);
  }
}
