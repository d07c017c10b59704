package io.basalt.planner.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Lets Basalt's table functions mix positional and named arguments, as in {@code
 * read_csv('sales/*.csv', header => true)}: Calcite accepts named arguments only when all are
 * named, so the leading positional ones get their parameter names before validation.
 */
public final class NamedArguments {
  /** Parameter names, in order, of the functions whose calls are rewritten. */
  private static final Map<String, List<String>> PARAMETERS = Map.of(
      ReadCsvMacro.NAME, ReadCsvMacro.parameterNames());

  private NamedArguments() {}

  /** {@code node} with mixed argument lists of known functions fully named. */
  public static SqlNode normalize(SqlNode node) {
    if (node == null || !node.toString().toLowerCase(Locale.ROOT).contains("=>")) {
      return node;
    }
    return node.accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlCall call) {
        SqlCall visited = (SqlCall) super.visit(call);
        return visited == null ? call : name(visited);
      }
    });
  }

  private static SqlCall name(SqlCall call) {
    if (!(call instanceof SqlBasicCall basic)) {
      return call;
    }
    SqlIdentifier id = call.getOperator().getNameAsId();
    List<String> names = PARAMETERS.get(id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT));
    List<SqlNode> operands = call.getOperandList();
    boolean anyNamed = operands.stream().anyMatch(o -> o != null && o.getKind() == SqlKind.ARGUMENT_ASSIGNMENT);
    if (names == null || !anyNamed) {
      return call;
    }
    List<SqlNode> named = new ArrayList<>();
    for (int i = 0; i < operands.size(); i++) {
      SqlNode o = operands.get(i);
      if (o != null && o.getKind() != SqlKind.ARGUMENT_ASSIGNMENT && i < names.size()) {
        SqlParserPos pos = o.getParserPosition();
        o = SqlStdOperatorTable.ARGUMENT_ASSIGNMENT.createCall(pos, o, new SqlIdentifier(names.get(i), pos));
      }
      named.add(o);
    }
    for (int i = 0; i < named.size(); i++) {
      basic.setOperand(i, named.get(i));
    }
    return basic;
  }
}
