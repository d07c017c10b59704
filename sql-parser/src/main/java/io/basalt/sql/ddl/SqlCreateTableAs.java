package io.basalt.sql.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [OR REPLACE] TABLE name AS query}: a new table in the data folder holding the
 * query's result. The query is kept as a tree and as its text ({@link #queryText()}).
 */
public final class SqlCreateTableAs extends SqlCreate {
  public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

  private final SqlIdentifier name;
  private final SqlNode query;
  private final String queryText;

  public SqlCreateTableAs(SqlParserPos pos, boolean replace, SqlIdentifier name, SqlNode query,
      String queryText) {
    super(OPERATOR, pos, replace, false);
    this.name = name;
    this.query = query;
    this.queryText = queryText;
  }

  public SqlIdentifier name() {
    return name;
  }

  public SqlNode query() {
    return query;
  }

  public String queryText() {
    return queryText;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(getReplace() ? "CREATE OR REPLACE TABLE" : "CREATE TABLE");
    name.unparse(writer, 0, 0);
    writer.keyword("AS");
    writer.print(queryText);
  }
}
