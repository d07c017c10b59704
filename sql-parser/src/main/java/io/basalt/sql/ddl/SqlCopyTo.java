package io.basalt.sql.ddl;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code COPY (query) TO 'path' [(option [value], ...)]}: writes a query's result to files. The
 * query is kept both as a tree and as its text ({@link #queryText()}, its tokens joined by spaces),
 * so that it can be prepared like any other statement.
 */
public final class SqlCopyTo extends SqlCall {
  public static final SqlOperator OPERATOR = new SqlSpecialOperator("COPY", SqlKind.OTHER);

  private final SqlNode query;
  private final String queryText;
  private final SqlNode target;
  private final List<SqlCopyOption> options;

  public SqlCopyTo(SqlParserPos pos, SqlNode query, String queryText, SqlNode target,
      List<SqlCopyOption> options) {
    super(pos);
    this.query = query;
    this.queryText = queryText;
    this.target = target;
    this.options = List.copyOf(options);
  }

  public SqlNode query() {
    return query;
  }

  public String queryText() {
    return queryText;
  }

  /** The target path as written (a string literal). */
  public String target() {
    return ((SqlLiteral) target).getValueAs(String.class);
  }

  public List<SqlCopyOption> options() {
    return options;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> out = new ArrayList<>();
    out.add(query);
    out.add(target);
    return out;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("COPY");
    writer.print("(" + queryText + ")");
    writer.keyword("TO");
    target.unparse(writer, 0, 0);
    if (!options.isEmpty()) {
      StringBuilder sb = new StringBuilder(" (");
      for (int i = 0; i < options.size(); i++) {
        SqlCopyOption o = options.get(i);
        sb.append(i > 0 ? ", " : "").append(o.name());
        if (o.value() != null) {
          sb.append(' ').append(o.value());
        }
      }
      writer.print(sb.append(')').toString());
    }
  }
}
