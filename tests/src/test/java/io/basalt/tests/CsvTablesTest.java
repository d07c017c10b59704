package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV through JDBC: files and folders of the data root as tables, read_csv with named options,
 * projection into the scan, errors with file and line, and csv_rejects().
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsvTablesTest {
  @TempDir
  static Path data;

  private Connection conn;

  @BeforeAll
  void writeData() throws Exception {
    Files.writeString(data.resolve("sales.csv"), "id,region,amount,day\n"
        + "1,eu,10.50,2024-01-01\n2,us,20.25,2024-01-02\n3,eu,5.00,2024-01-03\n");
    Files.createDirectories(data.resolve("logs/2024"));
    Files.writeString(data.resolve("logs/2024/a.csv"), "level,n\ninfo,1\nwarn,2\n");
    Files.writeString(data.resolve("logs/b.csv"), "level,n\ninfo,3\n");
    Files.writeString(data.resolve("raw.txt"), "x|y\n1|NA\n2|3\n");
    StringBuilder bad = new StringBuilder("k,v\n");
    for (int i = 0; i < 30; i++) {
      bad.append(i).append(',').append(i).append('\n');
    }
    bad.append("30,oops\n31,31\n32\n");
    Files.writeString(data.resolve("bad.csv"), bad.toString());
    conn = DriverManager.getConnection("jdbc:basalt:" + data + ";threads=2");
  }

  @AfterAll
  void close() throws SQLException {
    conn.close();
  }

  private List<String> rows(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          sb.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  @Test
  void fileTableWithInferredTypes() throws SQLException {
    assertEquals(List.of("eu|15.50|2", "us|20.25|1"),
        rows("SELECT region, sum(amount), count(*) FROM sales GROUP BY region ORDER BY region"));
    assertEquals(List.of("2024-01-02"), rows("SELECT max(day) FROM sales WHERE region = 'us'"));
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT amount FROM sales WHERE id = 1")) {
      rs.next();
      assertEquals(new BigDecimal("10.50"), rs.getBigDecimal(1));
    }
  }

  @Test
  void folderTableReadsEveryFileBelow() throws SQLException {
    assertEquals(List.of("6|3"), rows("SELECT sum(n), count(*) FROM logs"));
  }

  @Test
  void readCsvWithNamedOptions() throws SQLException {
    assertEquals(List.of("1|null", "2|3"),
        rows("SELECT x, y FROM read_csv('raw.txt', delim => '|', nullstr => 'NA', header => true) ORDER BY x"));
    assertEquals(List.of("x|y"),
        rows("SELECT column0, column1 FROM read_csv('raw.txt', header => false, delim => '|',"
            + " columns => 'column0 VARCHAR, column1 VARCHAR') WHERE column0 = 'x'"));
    // Java glob semantics: "**/" needs at least one folder level, so logs/b.csv is not matched.
    assertEquals(List.of("2|3"), rows("SELECT count(*), sum(n) FROM TABLE(read_csv('logs/**/*.csv'))"));
  }

  @Test
  void projectionReachesTheScan() throws SQLException {
    String plan = String.join("\n", rows("EXPLAIN PLAN FOR SELECT region FROM sales WHERE id > 1"));
    assertTrue(plan.contains("VecCsvScan") && plan.contains("columns=[[id, region]]"), plan);
  }

  @Test
  void aggregatesNarrowTheScanToTheirColumns() throws SQLException {
    String count = String.join("\n", rows("EXPLAIN PLAN FOR SELECT count(*) FROM sales"));
    assertTrue(count.contains("columns=[[]]"), count);
    String grouped = String.join("\n", rows("EXPLAIN PLAN FOR SELECT region, sum(amount) FROM sales GROUP BY region"));
    assertTrue(grouped.contains("columns=[[region, amount]]"), grouped);
    assertEquals(List.of("3"), rows("SELECT count(*) FROM sales"));
    assertEquals(List.of("2"), rows("SELECT count(*) FROM sales WHERE region = 'eu'"));
  }

  @Test
  void mismatchPastTheSampleNamesFileLineAndColumn() {
    SQLException e = assertThrows(SQLException.class,
        () -> rows("SELECT sum(v) FROM read_csv('bad.csv', sample_size => 10)"));
    String message = ErrorMessages.of(e);
    assertTrue(message.contains("bad.csv line 32: column 2 (v): 'oops' is not a BIGINT"), message);
  }

  @Test
  void ignoreErrorsSkipsAndListsTheRecords() throws SQLException {
    assertEquals(List.of("31|466"),
        rows("SELECT count(*), sum(v) FROM read_csv('bad.csv', sample_size => 10, ignore_errors => true)"));
    List<String> rejects = rows("SELECT line, column_name FROM csv_rejects() ORDER BY line");
    assertTrue(rejects.containsAll(List.of("32|v", "34|null")), rejects.toString());
    assertEquals(1, rows("SELECT * FROM csv_rejects(max_rows => 1)").size());
  }

}
