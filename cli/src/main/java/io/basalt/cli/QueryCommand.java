package io.basalt.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

/** {@code basalt query [--data DIR] [options] SQL}: one statement, printed as a table. */
final class QueryCommand {
  private QueryCommand() {}

  static int run(CliArgs args, CliContext ctx) throws UsageException, IOException, SQLException {
    String sql = args.arguments().get(0);
    if (sql.equals("-")) {
      sql = new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8);
    }
    sql = stripTrailingSemicolons(sql);
    if (sql.isEmpty()) {
      throw new UsageException("query: the SQL is empty");
    }
    Properties properties = CliContext.connectionProperties(args);
    Path data = ctx.dataFolder(args);
    long start = System.nanoTime();
    String table;
    long rows;
    try (Connection connection = DriverManager.getConnection("jdbc:basalt:" + data, properties);
        Statement statement = connection.createStatement()) {
      if (statement.execute(sql)) {
        try (ResultSet rs = statement.getResultSet()) {
          TableFormatter formatter = TableFormatter.of(rs, TableFormatter.DEFAULT_MAX_CELL_WIDTH);
          table = formatter.render();
          rows = formatter.rowCount();
        }
      } else {
        table = "";
        rows = Math.max(0, statement.getUpdateCount());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ctx.out().print(table);
    ctx.out().println(String.format(Locale.ROOT, "(%d %s, %.3f s)", rows,
        rows == 1 ? "row" : "rows", seconds));
    ctx.out().flush();
    return 0;
  }

  /** Calcite refuses a trailing {@code ;}, which people type out of habit. */
  static String stripTrailingSemicolons(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }
}
