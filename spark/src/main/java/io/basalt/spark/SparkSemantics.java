package io.basalt.spark;

import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
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
 *   <li>LIKE patterns keep backslashes literal (Spark's default escape character), a cast of a
 *       fraction to an integer rounds half away from zero, SUBSTRING from a start below 1 counts
 *       positions before the string, FLOOR/CEIL of a DOUBLE stay DOUBLEs, a boolean's text is
 *       TRUE/FALSE;
 *   <li>what has no faithful Spark form is refused by name (SIMILAR TO, OCTET_LENGTH, INITCAP,
 *       EXTRACT of fields Spark lacks, a DOUBLE's text, {@code ?} in LIMIT/OFFSET), so that
 *       {@code engine=auto} runs it locally;
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
        return visited instanceof RexCall c ? rewrite(rex, c) : visited;
      }

    };
    return plan.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        if (other instanceof Sort sort && (sort.fetch instanceof RexDynamicParam
            || sort.offset instanceof RexDynamicParam)) {
          throw parameters();
        }
        return super.visit(other).accept(shuttle);
      }
    });
  }

  private static SparkSqlTranslator.Untranslatable parameters() {
    return new SparkSqlTranslator.Untranslatable("engine=spark does not take ? parameters in "
        + "LIMIT or OFFSET yet; run the statement with engine=local, or with the values in its text");
  }

  private static SparkSqlTranslator.Untranslatable refuse(String what, String why) {
    return new SparkSqlTranslator.Untranslatable("engine=spark cannot run " + what + " (" + why
        + "); run the query with engine=local");
  }

  private static RexNode rewrite(RexBuilder rex, RexCall c) {
    List<RexNode> ops = c.getOperands();
    switch (c.getKind()) {
      case DIVIDE:
        return isInteger(c.getType()) && isInteger(ops.get(0).getType())
            && isInteger(ops.get(1).getType())
            ? rex.makeCall(c.getType(), DIV, ops)
            : DecimalQuotients.atBasaltScale(rex, c);
      case CAST:
        return cast(rex, c);
      case FLOOR:
      case CEIL:
        return ops.size() == 1 && isApproximate(ops.get(0).getType()) ? wholeDouble(rex, c) : c;
      case LIKE:
        // Spark's LIKE takes \ as its escape character unless told otherwise; Basalt's has none.
        if (ops.size() == 2) {
          RexNode pattern = rex.makeCall(ops.get(1).getType(), SqlStdOperatorTable.REPLACE,
              List.of(ops.get(1), rex.makeLiteral("\\"), rex.makeLiteral("\\\\")));
          return c.clone(c.getType(), List.of(ops.get(0), pattern));
        }
        return c;
      case SIMILAR:
        throw refuse("SIMILAR TO", "Spark has no SIMILAR TO");
      case EXTRACT:
        return extract(c);
      default:
        break;
    }
    String name = c.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
    switch (name) {
      case "SUBSTRING":
        return substring(rex, c);
      case "OCTET_LENGTH":
        throw refuse("OCTET_LENGTH", "Spark has no VARBINARY cast for it");
      case "INITCAP":
        throw refuse("INITCAP", "Spark capitalizes after other characters than Basalt does");
      default:
        return c;
    }
  }

  private static boolean isApproximate(RelDataType type) {
    return SqlTypeUtil.isApproximateNumeric(type);
  }

  /**
   * FLOOR and CEIL of a DOUBLE stay DOUBLEs, as in Basalt; Spark's are BIGINTs, which 1E20 and
   * NaN do not fit. Values beyond 2^52 are whole already and pass unchanged.
   */
  private static RexNode wholeDouble(RexBuilder rex, RexCall c) {
    RexNode x = c.getOperands().get(0);
    RexNode small = rex.makeCall(SqlStdOperatorTable.LESS_THAN,
        rex.makeCall(SqlStdOperatorTable.ABS, x),
        rex.makeApproxLiteral(new java.math.BigDecimal("4.5E15")));
    return rex.makeCall(SqlStdOperatorTable.CASE, small,
        rex.makeCast(c.getType(), c, false, false), rex.makeCast(c.getType(), x, false, false));
  }

  /** EXTRACT of the units Spark's EXTRACT has with Basalt's meaning. */
  private static RexNode extract(RexCall c) {
    Object unit = ((RexLiteral) c.getOperands().get(0)).getValue2();
    String name = String.valueOf(unit);
    return switch (name) {
      case "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "DOW", "DOY", "HOUR", "MINUTE", "SECOND" -> c;
      default -> throw refuse("EXTRACT(" + name + " ...)", "Spark has no such field");
    };
  }

  /**
   * SUBSTRING from a start below 1: SQL counts the positions before the string (SUBSTRING('abc'
   * FROM 0 FOR 2) is 'a'), Spark counts a negative start from the end. The start is clamped to 1
   * and the length shortened by the positions cut off.
   */
  private static RexNode substring(RexBuilder rex, RexCall c) {
    List<RexNode> ops = c.getOperands();
    RexNode start = ops.get(1);
    if (start instanceof RexLiteral lit && lit.getValueAs(Integer.class) != null
        && lit.getValueAs(Integer.class) >= 1) {
      return c;
    }
    RexNode one = rex.makeExactLiteral(java.math.BigDecimal.ONE, start.getType());
    RexNode before = rex.makeCall(SqlStdOperatorTable.LESS_THAN, start, one);
    RexNode clamped = rex.makeCall(SqlStdOperatorTable.CASE, before, one, start);
    if (ops.size() == 2) {
      return c.clone(c.getType(), List.of(ops.get(0), clamped));
    }
    RexNode len = ops.get(2);
    RexNode zero = rex.makeExactLiteral(java.math.BigDecimal.ZERO, len.getType());
    // start + len - 1 positions remain when start < 1 (none when that is negative).
    RexNode remaining = rex.makeCall(SqlStdOperatorTable.MINUS,
        rex.makeCall(SqlStdOperatorTable.PLUS, start, len), one);
    RexNode kept = rex.makeCall(SqlStdOperatorTable.CASE,
        rex.makeCall(SqlStdOperatorTable.LESS_THAN, remaining, zero), zero, remaining);
    RexNode length = rex.makeCall(SqlStdOperatorTable.CASE, before,
        rex.makeCast(len.getType(), kept, true, false), len);
    return c.clone(c.getType(), List.of(ops.get(0), clamped, length));
  }

  /** CAST with Basalt's rounding, text forms and lengths. */
  private static RexNode cast(RexBuilder rex, RexCall c) {
    RelDataType target = c.getType();
    RexNode x = c.getOperands().get(0);
    RelDataType source = x.getType();
    if (isInteger(target) && (isApproximate(source)
        || (source.getSqlTypeName() == SqlTypeName.DECIMAL && source.getScale() > 0))) {
      // Basalt rounds half away from zero (-2.5 to -3); Spark truncates (to -2).
      return rex.makeCast(target, rex.makeCall(SqlStdOperatorTable.ROUND, x), false, false);
    }
    SqlTypeName to = target.getSqlTypeName();
    if (to == SqlTypeName.CHAR || to == SqlTypeName.VARCHAR) {
      if (source.getSqlTypeName() == SqlTypeName.BOOLEAN) {
        // Basalt writes TRUE and FALSE, Spark true and false.
        RexNode text = rex.makeCall(SqlStdOperatorTable.CASE, x, rex.makeLiteral("TRUE"),
            rex.makeCall(SqlStdOperatorTable.NOT, x), rex.makeLiteral("FALSE"),
            rex.makeNullLiteral(rex.getTypeFactory().createSqlType(SqlTypeName.VARCHAR)));
        return boundedText(rex, (RexCall) rex.makeCast(target, text, false, false));
      }
      if (isApproximate(source)) {
        throw refuse("a CAST of " + source.getSqlTypeName() + " to text",
            "Basalt writes 100.0 as 1E2 and 0.0 as 0E0, Spark as 100.0 and 0.0");
      }
    }
    return boundedText(rex, c);
  }

  private static boolean isInteger(RelDataType type) {
    return SqlTypeUtil.isIntType(type);
  }

  /** A cast to CHAR(n)/VARCHAR(n) that may change the value's length, made explicit. */
  private static RexNode boundedText(RexBuilder rex, RexCall cast) {
    if (cast.getKind() != SqlKind.CAST) {
      return cast;
    }
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
