package io.basalt.spark;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlAlienSystemTypeNameSpec;
import org.apache.calcite.sql.dialect.SparkSqlDialect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Calcite's Spark dialect with what Basalt's plans need besides: decimals up to precision 38,
 * Basalt's zone-less TIMESTAMP as Spark's {@code TIMESTAMP_NTZ}, and text types as {@code STRING}
 * (Spark's VARCHAR(n) pads and checks lengths Basalt never declared).
 */
final class BasaltSparkDialect extends SparkSqlDialect {
  static final BasaltSparkDialect INSTANCE = new BasaltSparkDialect(SparkSqlDialect.DEFAULT_CONTEXT
      .withDataTypeSystem(io.basalt.planner.BasaltTypeSystem.INSTANCE));

  private BasaltSparkDialect(SqlDialect.Context context) {
    super(context);
  }

  /**
   * A string literal as Spark reads it back unchanged: Spark's literals treat a backslash as an
   * escape character (so 'C:\new' would hold a newline), Basalt's do not.
   */
  @Override
  public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
    buf.append('\'').append(val.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
  }

  @Override
  public void quoteStringLiteralUnicode(StringBuilder buf, String val) {
    quoteStringLiteral(buf, null, val);
  }

  /** Spark takes no leading-field precision: {@code INTERVAL '90' DAY}, not {@code DAY(3)}. */
  @Override
  public void unparseSqlIntervalLiteral(org.apache.calcite.sql.SqlWriter writer,
      org.apache.calcite.sql.SqlIntervalLiteral literal, int leftPrec, int rightPrec) {
    org.apache.calcite.sql.SqlIntervalLiteral.IntervalValue value = literal.getValueAs(
        org.apache.calcite.sql.SqlIntervalLiteral.IntervalValue.class);
    writer.keyword("INTERVAL");
    if (value.getSign() == -1) {
      writer.print("-");
    }
    writer.literal("'" + value.getIntervalLiteral() + "'");
    org.apache.calcite.sql.SqlIntervalQualifier q = value.getIntervalQualifier();
    writer.keyword(q.timeUnitRange.startUnit.name());
    if (q.timeUnitRange.endUnit != null && q.timeUnitRange.endUnit != q.timeUnitRange.startUnit) {
      writer.keyword("TO");
      writer.keyword(q.timeUnitRange.endUnit.name());
    }
  }

  /**
   * AVG in DOUBLE, as Basalt types it: Spark's AVG of a DECIMAL is a DECIMAL with 4 more
   * fractional digits, which would round the mean before it became a DOUBLE.
   */
  @Override
  public void unparseCall(org.apache.calcite.sql.SqlWriter writer, org.apache.calcite.sql.SqlCall call,
      int leftPrec, int rightPrec) {
    if (call.getKind() == org.apache.calcite.sql.SqlKind.AVG && call.operandCount() == 1) {
      org.apache.calcite.sql.SqlWriter.Frame frame = writer.startFunCall("AVG");
      org.apache.calcite.sql.SqlNode quantifier = call.getFunctionQuantifier();
      if (quantifier != null) {
        quantifier.unparse(writer, 0, 0);
      }
      writer.keyword("CAST");
      org.apache.calcite.sql.SqlWriter.Frame cast = writer.startList("(", ")");
      call.operand(0).unparse(writer, 0, 0);
      writer.sep("AS");
      writer.keyword("DOUBLE");
      writer.endList(cast);
      writer.endFunCall(frame);
      return;
    }
    super.unparseCall(writer, call, leftPrec, rightPrec);
  }

  @Override
  public SqlNode getCastSpec(RelDataType type) {
    switch (type.getSqlTypeName()) {
      case CHAR:
      case VARCHAR:
      case TIMESTAMP:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
      case DECIMAL:
      case REAL:
      case DOUBLE:
      case FLOAT:
        return new SqlDataTypeSpec(new SqlAlienSystemTypeNameSpec(SparkTypes.name(type),
            type.getSqlTypeName(), SqlParserPos.ZERO), SqlParserPos.ZERO);
      default:
        return super.getCastSpec(type);
    }
  }
}
