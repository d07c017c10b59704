package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random pushable predicates over random data — nulls, NaN, infinities, signed zeros, duplicates,
 * unsigned integers, decimals of every storage, strings with multi-byte and high code points,
 * dates, timestamps, booleans — must give the same answer with pushdown on and off. Data is
 * clustered so that pruning actually happens (checked), and written in many small row groups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomizedPushdownTest {
  private static final long SEED = 20261122L;
  private static final int QUERIES = 160;

  @TempDir
  static Path data;

  private Connection pruned;
  private Connection unpruned;

  /** A column and how to make a literal of its type from a random source. */
  private record Column(String name, String kind) {}

  private static final List<Column> COLUMNS = List.of(
      new Column("k", "int"), new Column("big", "bigint"), new Column("tiny", "int"),
      new Column("u32", "uint"), new Column("d", "double"), new Column("f", "double"),
      new Column("amt", "decimal"), new Column("wide", "decimal"), new Column("s", "string"),
      new Column("dt", "date"), new Column("ts", "timestamp"), new Column("b", "boolean"));

  @BeforeAll
  void writeData() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET threads = 1");
      s.execute("SELECT setseed(0.4242)");
      s.execute("CREATE TABLE rnd AS SELECT i AS id,"
          + " CASE WHEN random() < 0.1 THEN NULL ELSE CAST(i / 97 AS INTEGER) - 5 END AS k,"
          + " CASE WHEN random() < 0.05 THEN NULL ELSE CAST(floor(random() * 2e12) - 1e12 AS BIGINT) END AS big,"
          + " CAST(i % 200 - 100 AS TINYINT) AS tiny,"
          + " CAST(CASE WHEN i % 5 = 0 THEN 4000000000 + i ELSE i END AS UINTEGER) AS u32,"
          + " CASE WHEN i % 101 = 0 THEN 'NaN'::DOUBLE WHEN i % 103 = 0 THEN NULL"
          + "   WHEN i % 107 = 0 THEN -0.0 WHEN i % 109 = 0 THEN 0.0"
          + "   WHEN i % 211 = 0 THEN 'inf'::DOUBLE ELSE (i - 10000) / 7.0 END AS d,"
          + " CASE WHEN i % 89 = 0 THEN 'NaN'::REAL ELSE CAST(i % 300 AS REAL) / 4 END AS f,"
          + " CASE WHEN i % 13 = 0 THEN NULL ELSE CAST((i - 9000) / 3.0 AS DECIMAL(12,3)) END AS amt,"
          + " CAST(i * 12345.6789 - 1e8 AS DECIMAL(30,5)) AS wide,"
          + " CASE WHEN i % 17 = 0 THEN NULL WHEN i % 19 = 0 THEN ''"
          + "   WHEN i % 23 = 0 THEN 'é' || CAST(i / 500 AS VARCHAR) WHEN i % 29 = 0 THEN '中文' || CAST(i % 7 AS VARCHAR)"
          + "   WHEN i % 31 = 0 THEN '😀' || CAST(i % 3 AS VARCHAR) WHEN i % 37 = 0 THEN chr(65533) || 'x'"
          + "   ELSE 'key' || lpad(CAST(i / 300 AS VARCHAR), 4, '0') END AS s,"
          + " CASE WHEN i % 41 = 0 THEN NULL ELSE DATE '1999-12-01' + CAST(i / 40 AS INTEGER) END AS dt,"
          + " TIMESTAMP '2020-01-01 00:00:00' + to_microseconds(CAST(i AS BIGINT) * 3600000123) AS ts,"
          + " CASE WHEN i % 43 = 0 THEN NULL WHEN i < 20000 THEN false ELSE i % 2 = 0 END AS b"
          + " FROM range(0, 40000) t(i)");
      s.execute("COPY (SELECT * FROM rnd ORDER BY id) TO '" + data.resolve("rnd.parquet")
          + "' (FORMAT parquet, ROW_GROUP_SIZE 2048)");
    }
    pruned = DriverManager.getConnection("jdbc:basalt:" + data);
    unpruned = DriverManager.getConnection("jdbc:basalt:" + data + ";pushdown=false");
  }

  @AfterAll
  void close() throws SQLException {
    pruned.close();
    unpruned.close();
  }

  @Test
  void prunedAndUnprunedScansAgree() throws SQLException {
    Random random = new Random(SEED);
    int prunedSomething = 0;
    int filteredInScan = 0;
    for (int q = 0; q < QUERIES; q++) {
      String predicate = predicate(random, 0);
      String sql = "SELECT count(*), sum(id), min(id), max(id) FROM rnd WHERE " + predicate;
      List<List<Object>> expected = query(unpruned, sql);
      assertEquals(expected, query(pruned, sql), "query " + q + ": " + sql);
      if (q % 4 == 0) {
        String analyzed = analyze(sql);
        if (!analyzed.contains("row groups=20 of 20") && analyzed.contains("row groups=")) {
          prunedSomething++;
        }
        if (analyzed.contains("rows filtered in scan=")) {
          filteredInScan++;
        }
      }
    }
    assertTrue(prunedSomething >= 5, "pruning almost never happened (" + prunedSomething
        + " of " + QUERIES / 4 + " analyzed queries): the test would not exercise it");
    assertTrue(filteredInScan >= 5, "late materialization almost never dropped rows ("
        + filteredInScan + " of " + QUERIES / 4 + ")");
  }

  @Test
  void parametersAgreeWithLiterals() throws SQLException {
    Random random = new Random(SEED + 1);
    String[] sqls = {
        "SELECT count(*), sum(id) FROM rnd WHERE k BETWEEN ? AND ?",
        "SELECT count(*), sum(id) FROM rnd WHERE dt >= ? AND dt < ?",
        "SELECT count(*), sum(id) FROM rnd WHERE s >= ? AND s < ?"};
    for (int round = 0; round < 12; round++) {
      int which = round % sqls.length;
      try (PreparedStatement p = pruned.prepareStatement(sqls[which]);
          PreparedStatement u = unpruned.prepareStatement(sqls[which])) {
        for (PreparedStatement st : new PreparedStatement[] {p, u}) {
          st.clearParameters();
        }
        Object[] values = switch (which) {
          case 0 -> new Object[] {random.nextInt(420) - 10, random.nextInt(420) - 10};
          case 1 -> new Object[] {java.sql.Date.valueOf(java.time.LocalDate.of(1999, 12, 1)
              .plusDays(random.nextInt(1000))), java.sql.Date.valueOf(java.time.LocalDate.of(
              1999, 12, 1).plusDays(random.nextInt(1000)))};
          default -> new Object[] {"key" + String.format("%04d", random.nextInt(140)),
              "key" + String.format("%04d", random.nextInt(140))};
        };
        for (PreparedStatement st : new PreparedStatement[] {p, u}) {
          st.setObject(1, values[0]);
          st.setObject(2, values[1]);
        }
        try (ResultSet a = p.executeQuery(); ResultSet b = u.executeQuery()) {
          assertEquals(ResultComparison.read(b), ResultComparison.read(a),
              sqls[which] + " with " + java.util.Arrays.toString(values));
        }
      }
    }
  }

  private String predicate(Random r, int depth) {
    int shape = depth >= 2 ? 0 : r.nextInt(10);
    if (shape == 7) {
      return "(" + predicate(r, depth + 1) + " AND " + predicate(r, depth + 1) + ")";
    }
    if (shape == 8) {
      return "(" + predicate(r, depth + 1) + " OR " + predicate(r, depth + 1) + ")";
    }
    if (shape == 9) {
      return "NOT (" + predicate(r, depth + 1) + ")";
    }
    return leaf(r);
  }

  private String leaf(Random r) {
    Column c = COLUMNS.get(r.nextInt(COLUMNS.size()));
    int form = r.nextInt(10);
    if (form == 0) {
      return c.name() + (r.nextBoolean() ? " IS NULL" : " IS NOT NULL");
    }
    if (c.kind().equals("boolean")) {
      return r.nextBoolean() ? "b" : "b = " + (r.nextBoolean() ? "TRUE" : "FALSE");
    }
    if (form == 1) {
      return c.name() + " BETWEEN " + literal(c, r) + " AND " + literal(c, r);
    }
    if (form == 2) {
      List<String> values = new ArrayList<>();
      for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
        values.add(literal(c, r));
      }
      return c.name() + (r.nextInt(4) == 0 ? " NOT IN (" : " IN (") + String.join(", ", values) + ")";
    }
    if (form == 3 && c.kind().equals("string")) {
      String[] prefixes = {"key00", "key01", "key1", "é", "中", "😀", "ke", "zz", "\uFFFD"};
      return "s " + (r.nextInt(3) == 0 ? "NOT LIKE '" : "LIKE '")
          + prefixes[r.nextInt(prefixes.length)] + "%'";
    }
    if (form == 4 && (c.kind().equals("int") || c.kind().equals("decimal"))) {
      return "CAST(" + c.name() + " AS DOUBLE) > " + literal(c, r);
    }
    String[] ops = {"=", "<>", "<", "<=", ">", ">="};
    return c.name() + " " + ops[r.nextInt(ops.length)] + " " + literal(c, r);
  }

  private static String literal(Column c, Random r) {
    switch (c.kind()) {
      case "int":
        return c.name().equals("tiny") ? Integer.toString(r.nextInt(220) - 110)
            : Integer.toString(r.nextInt(430) - 15);
      case "bigint":
        return Long.toString((long) ((r.nextDouble() * 2.2 - 1.1) * 1e12));
      case "uint":
        return Long.toString(r.nextBoolean() ? r.nextInt(41000) : 4000000000L + r.nextInt(41000));
      case "double":
        if (r.nextInt(8) == 0) {
          return r.nextBoolean() ? "0.0E0" : "-0.0E0";
        }
        return c.name().equals("f") ? (r.nextInt(320) / 4.0) + "E0"
            : ((r.nextInt(46000) - 11000) / 7.0) + "E0";
      case "decimal":
        if (c.name().equals("wide")) {
          return new java.math.BigDecimal(r.nextInt(40000) * 12345.6789 - 1e8)
              .setScale(5, java.math.RoundingMode.HALF_UP).toPlainString();
        }
        return new java.math.BigDecimal((r.nextInt(42000) - 9500) / 3.0)
            .setScale(r.nextInt(4), java.math.RoundingMode.HALF_UP).toPlainString();
      case "string": {
        String[] pool = {"key0000", "key0042", "key0100", "key0133", "é3", "中文1", "😀2", "",
            "\uFFFDx", "zzz", "key"};
        return r.nextBoolean() ? "'" + pool[r.nextInt(pool.length)] + "'"
            : "'key" + String.format("%04d", r.nextInt(140)) + "'";
      }
      case "date":
        return "DATE '" + java.time.LocalDate.of(1999, 11, 20).plusDays(r.nextInt(1030)) + "'";
      case "timestamp":
        return "TIMESTAMP '" + java.time.LocalDateTime.of(2019, 12, 25, 0, 0)
            .plusMinutes(r.nextInt(60 * 40100)).toString().replace('T', ' ') + ":00'";
      default:
        throw new IllegalArgumentException(c.kind());
    }
  }

  private static List<List<Object>> query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return ResultComparison.read(rs);
    }
  }

  private String analyze(String sql) throws SQLException {
    try (Statement s = pruned.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
