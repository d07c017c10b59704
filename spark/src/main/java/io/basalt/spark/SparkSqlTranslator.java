package io.basalt.spark;

import io.basalt.planner.physical.VecCsvScan;
import io.basalt.planner.physical.VecTableScan;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Turns Basalt's logical plan into Spark SQL: Calcite's {@link RelToSqlConverter} with {@link
 * BasaltSparkDialect}, where each Parquet scan reads the Spark view of its table ({@link
 * SparkTables}). What Spark cannot be given fails here, before anything runs, with a {@link
 * SQLFeatureNotSupportedException} naming it.
 */
public final class SparkSqlTranslator {
  private SparkSqlTranslator() {}

  /** Spark SQL for {@code plan}, and the tables it reads. */
  record Translation(String sql, List<SparkTables.Source> sources, List<Parameter> parameters) {}

  /**
   * A parameter of the statement, named {@code :p<index>} in the Spark SQL. Named, not {@code ?}:
   * Spark 4.2 binds positional markers out of text order in nested ANDs ({@code a < ? AND (b < ?
   * AND c < ?)} gave b the third value).
   */
  record Parameter(int index, org.apache.calcite.rel.type.RelDataType type) {
    String name() {
      return "p" + index;
    }
  }

  /**
   * {@code sql} with each {@code ?} marker (those outside string literals and quoted names, in
   * text order, which {@code indices} gives) replaced by {@code :p<index>}.
   */
  static String namedMarkers(String sql, List<Integer> indices) {
    StringBuilder out = new StringBuilder(sql.length() + 4 * indices.size());
    int next = 0;
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char ch = sql.charAt(i);
      if (quote != 0) {
        out.append(ch);
        if (ch == '\\' && quote == '\'' && i + 1 < sql.length()) {
          out.append(sql.charAt(++i)); // an escaped character of a string literal
        } else if (ch == quote) {
          quote = 0; // a doubled quote closes and reopens: same result
        }
      } else if (ch == '\'' || ch == '`') {
        quote = ch;
        out.append(ch);
      } else if (ch == '?') {
        out.append(":p").append(indices.get(next++));
      } else {
        out.append(ch);
      }
    }
    if (next != indices.size()) {
      throw new IllegalStateException("found " + next + " parameter markers in the Spark SQL, "
          + "expected " + indices.size() + ": " + sql);
    }
    return out.toString();
  }

  static Translation translate(RelNode plan) throws SQLFeatureNotSupportedException {
    Converter converter = new Converter();
    SqlNode statement;
    String sql;
    List<Parameter> parameters = new java.util.ArrayList<>();
    try {
      RelNode rewritten = SparkSemantics.rewrite(plan);
      statement = converter.visitRoot(rewritten).asStatement();
      org.apache.calcite.sql.util.SqlString text = statement.toSqlString(
          c -> c.withDialect(BasaltSparkDialect.INSTANCE).withAlwaysUseParentheses(false)
              .withQuoteAllIdentifiers(true));
      sql = text.getSql();
      if (text.getDynamicParameters() != null && !text.getDynamicParameters().isEmpty()) {
        Map<Integer, org.apache.calcite.rel.type.RelDataType> types = parameterTypes(rewritten);
        for (int index : new java.util.TreeSet<>(text.getDynamicParameters())) {
          parameters.add(new Parameter(index, types.get(index)));
        }
        sql = namedMarkers(sql, text.getDynamicParameters());
      }
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof Untranslatable u) {
          throw new SQLFeatureNotSupportedException(u.getMessage(), u);
        }
      }
      throw new SQLFeatureNotSupportedException("engine=spark cannot translate this query to "
          + "Spark SQL (" + e.getMessage() + "); run it with engine=local", e);
    }
    // A query that names such a column cannot run; one that does not reads the rest of the
    // table. (A same-named column of another table is refused too, which errs on the safe side.)
    String used = firstUsed(statement, converter.unreadable.keySet());
    if (used != null) {
      throw new SQLFeatureNotSupportedException(converter.unreadable.get(used));
    }
    return new Translation(sql, List.copyOf(converter.sources.values()), List.copyOf(parameters));
  }

  /** The type of each {@code ?} in {@code plan}, by its index. */
  private static Map<Integer, org.apache.calcite.rel.type.RelDataType> parameterTypes(RelNode plan) {
    Map<Integer, org.apache.calcite.rel.type.RelDataType> types = new java.util.HashMap<>();
    org.apache.calcite.rex.RexShuttle finder = new org.apache.calcite.rex.RexShuttle() {
      @Override
      public org.apache.calcite.rex.RexNode visitDynamicParam(
          org.apache.calcite.rex.RexDynamicParam param) {
        types.putIfAbsent(param.getIndex(), param.getType());
        return param;
      }
    };
    plan.accept(new org.apache.calcite.rel.RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        other.accept(finder);
        return super.visit(other);
      }
    });
    return types;
  }

  /** The first of {@code columns} that {@code statement} names, not counting aliases; or null. */
  private static String firstUsed(SqlNode statement, java.util.Set<String> columns) {
    if (columns.isEmpty()) {
      return null;
    }
    String[] found = {null};
    statement.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlIdentifier id) {
        String last = id.names.get(id.names.size() - 1);
        if (found[0] == null && columns.contains(last)) {
          found[0] = last;
        }
        return null;
      }

      @Override
      public Void visit(org.apache.calcite.sql.SqlCall call) {
        if (call.getKind() == org.apache.calcite.sql.SqlKind.AS) {
          return call.operand(0).accept(this); // the alias is a name, not a use
        }
        return super.visit(call);
      }
    });
    return found[0];
  }

  /** A construct with no Spark translation; carries the user-facing message. */
  static final class Untranslatable extends RuntimeException {
    Untranslatable(String message) {
      super(message);
    }
  }

  /** Public only because Calcite dispatches its {@code visit} methods by reflection. */
  public static final class Converter extends RelToSqlConverter {
    final Map<String, SparkTables.Source> sources = new LinkedHashMap<>();
    /**
     * Columns of the scanned tables that Spark has no type for (the views leave them out), with
     * the message for a query that uses one.
     */
    final Map<String, String> unreadable = new LinkedHashMap<>();

    Converter() {
      super(BasaltSparkDialect.INSTANCE);
    }

    @Override
    public Result visit(TableScan e) {
      String table = String.join(".", e.getTable().getQualifiedName());
      if (e instanceof VecCsvScan) {
        throw new Untranslatable("engine=spark reads Parquet tables only; " + table
            + " is CSV: run the query with engine=local");
      }
      if (!(e instanceof VecTableScan scan)) {
        throw new Untranslatable("engine=spark cannot read " + table + " ("
            + e.getRelTypeName() + "); run the query with engine=local");
      }
      if (scan.parquetTable().dataset().files().isEmpty()) {
        throw new Untranslatable("engine=spark cannot read table " + table + ": it has no Parquet"
            + " files (Spark needs one to know the schema); run the query with engine=local");
      }
      for (int c : scan.projection()) {
        var column = scan.getTable().getRowType().getFieldList().get(c);
        if (!SparkTypes.supported(column.getType())) {
          unreadable.put(column.getName(), "engine=spark cannot read column " + column.getName()
              + " of " + table + ": Spark has no " + column.getType().getSqlTypeName()
              + " type; run the query with engine=local");
        }
      }
      SparkTables.Source source = SparkTables.source(scan.parquetTable().dataset(),
          scan.getTable().getRowType(), scan.projection());
      sources.putIfAbsent(source.view(), source);
      return result(new SqlIdentifier(source.view(), SqlParserPos.ZERO), List.of(Clause.FROM), e,
          null);
    }

    /**
     * Semi and anti joins as Spark's {@code LEFT SEMI JOIN} and {@code LEFT ANTI JOIN} (Basalt's
     * are EXISTS and NOT EXISTS, whose semantics those have). Calcite's EXISTS rendering aliases
     * an aliased sub-query twice, which Spark rejects.
     */
    @Override
    protected Result visitAntiOrSemiJoin(Join e) {
      Result left = visitInput(e, 0).resetAlias();
      Result right = visitInput(e, 1).resetAlias();
      SqlNode condition = convertConditionToSqlNode(e.getCondition(), left.qualifiedContext(),
          right.qualifiedContext());
      JoinType type = e.getJoinType() == JoinRelType.SEMI ? JoinType.LEFT_SEMI_JOIN
          : JoinType.LEFT_ANTI_JOIN;
      SqlNode join = new SqlJoin(SqlParserPos.ZERO, left.asFrom(),
          SqlLiteral.createBoolean(false, SqlParserPos.ZERO), type.symbol(SqlParserPos.ZERO),
          right.asFrom(), JoinConditionType.ON.symbol(SqlParserPos.ZERO), condition);
      // Its own SELECT: the join's columns are the left input's only, and a parent must not see
      // the right input's among them.
      SqlSelect select = new SqlSelect(SqlParserPos.ZERO, SqlNodeList.EMPTY,
          SqlNodeList.SINGLETON_STAR, join, null, null, null, null, null, null, null, null);
      return result(select, List.of(Clause.SELECT), e, null);
    }

    @Override
    public Result visit(TableFunctionScan e) {
      throw new Untranslatable("engine=spark cannot run table function "
          + e.getCall() + "; run the query with engine=local");
    }
  }
}
