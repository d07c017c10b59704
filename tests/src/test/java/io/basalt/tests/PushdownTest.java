package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.cli.tpch.TpchParquetGenerator;
import io.basalt.engine.exec.ParquetRewriter;
import io.basalt.engine.format.parquet.write.ParquetWriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filter pushdown end to end through JDBC: which predicates reach the scan (EXPLAIN), how much the
 * scan skips (EXPLAIN ANALYZE counters), and that a pruned scan returns exactly the rows of an
 * unpruned one (a second connection with {@code pushdown=false}).
 *
 * <p>Data: TPC-H SF 0.1 lineitem sorted by l_shipdate into ~60 row groups of ~10 000 rows, with a
 * text copy of the date and a column that is NULL in the first weeks only; and a hive-partitioned
 * copy by ship year.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushdownTest {
  @TempDir
  static Path data;

  private Connection pruned;
  private Connection unpruned;

  @BeforeAll
  void writeData() throws Exception {
    Path tpch = data.resolve("tpch");
    TpchParquetGenerator.generate(0.1, tpch);
    Files.createDirectories(data.resolve("db/by_year"));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET threads = 1"); // keeps the written order exactly sorted
      s.execute("COPY (SELECT l_orderkey, l_partkey, l_quantity, l_extendedprice, l_discount,"
          + " l_returnflag, l_shipmode, l_shipdate, strftime(l_shipdate, '%Y-%m-%d') AS ship_text,"
          + " CASE WHEN l_shipdate < DATE '1992-02-01' THEN NULL ELSE l_orderkey END AS late_key"
          + " FROM read_parquet('" + tpch.resolve("lineitem.parquet") + "')"
          + " ORDER BY l_shipdate, l_orderkey, l_linenumber) TO '" + data.resolve("db/sorted.parquet")
          + "' (FORMAT parquet, ROW_GROUP_SIZE 10240)");
      s.execute("COPY (SELECT * FROM read_parquet('" + tpch.resolve("orders.parquet") + "')) TO '"
          + data.resolve("db/orders.parquet") + "' (FORMAT parquet)");
      for (int year = 1992; year <= 1998; year++) {
        Path dir = data.resolve("db/by_year/year=" + year);
        Files.createDirectories(dir);
        s.execute("COPY (SELECT l_orderkey, l_quantity, l_shipdate FROM read_parquet('"
            + tpch.resolve("lineitem.parquet") + "') WHERE year(l_shipdate) = " + year + ") TO '"
            + dir.resolve("part0.parquet") + "' (FORMAT parquet)");
      }
    }
    Files.createDirectories(data.resolve("db/with_bad/year=1995"));
    Files.createDirectories(data.resolve("db/with_bad/year=1999"));
    Files.copy(data.resolve("db/by_year/year=1995/part0.parquet"),
        data.resolve("db/with_bad/year=1995/part0.parquet"));
    Files.writeString(data.resolve("db/with_bad/year=1999/part0.parquet"), "not a Parquet file");
    rewrite(data.resolve("db/sorted.parquet"), data.resolve("db/paged.parquet"), true);
    rewrite(data.resolve("db/sorted.parquet"), data.resolve("db/bloomed.parquet"), false);
    pruned = DriverManager.getConnection("jdbc:basalt:" + data.resolve("db"));
    unpruned = DriverManager.getConnection("jdbc:basalt:" + data.resolve("db") + ";pushdown=false");
  }

  @AfterAll
  void close() throws SQLException {
    pruned.close();
    unpruned.close();
  }

  // ---- skipping, checked through EXPLAIN ANALYZE, with answers equal to an unpruned scan ----

  @Test
  void onePercentDateRangeReadsAtMostFivePercentOfRowGroups() throws SQLException {
    Counters c = assertSameRowsAndCount("SELECT count(*), sum(l_extendedprice) FROM sorted"
        + " WHERE l_shipdate BETWEEN DATE '1995-03-01' AND DATE '1995-03-25'");
    assertTrue(c.rowGroupsTotal >= 50, "expected many row groups, got " + c);
    assertTrue(c.rowGroupsRead * 20 <= c.rowGroupsTotal, "read more than 5% of row groups: " + c);
    assertTrue(c.rowGroupsRead >= 1, c.toString());
    // Late materialization: rows of the read row groups outside the range never leave the scan.
    assertTrue(c.text().contains("rows filtered in scan="), c.toString());
  }

  @Test
  void inListReadsOnlyTheRowGroupsOfItsValues() throws SQLException {
    Counters c = assertSameRowsAndCount("SELECT count(*), sum(l_quantity) FROM sorted WHERE"
        + " l_shipdate IN (DATE '1993-05-02', DATE '1996-11-30', DATE '1998-07-01')");
    assertTrue(c.rowGroupsRead <= 6, c.toString());
  }

  @Test
  void orOfRangesReadsBothRangesOnly() throws SQLException {
    Counters c = assertSameRowsAndCount("SELECT count(*), min(l_shipdate), max(l_shipdate) FROM"
        + " sorted WHERE l_shipdate < DATE '1992-01-20' OR l_shipdate >= DATE '1998-11-20'");
    assertTrue(c.rowGroupsRead <= 4, c.toString());
  }

  @Test
  void isNullReadsOnlyRowGroupsWithNulls() throws SQLException {
    Counters c = assertSameRowsAndCount("SELECT count(*) FROM sorted WHERE late_key IS NULL");
    assertTrue(c.rowGroupsRead * 20 <= c.rowGroupsTotal, c.toString());
    Counters notNull = assertSameRowsAndCount(
        "SELECT count(*) FROM sorted WHERE late_key IS NOT NULL AND l_shipdate < DATE '1992-02-10'");
    assertTrue(notNull.rowGroupsRead <= 2, notNull.toString());
  }

  @Test
  void prefixLikeReadsOnlyMatchingRowGroups() throws SQLException {
    Counters c = assertSameRowsAndCount("SELECT count(*) FROM sorted WHERE ship_text LIKE '1994-07-1%'");
    assertTrue(c.rowGroupsRead <= 2, c.toString());
    Counters notLike = assertSameRowsAndCount("SELECT count(*) FROM sorted WHERE ship_text NOT LIKE '199%'");
    assertEquals(0, notLike.rowGroupsRead, notLike.toString());
  }

  @Test
  void partitionPredicateNeverOpensOtherFiles() throws SQLException {
    Counters c = assertSameRowsAndCount("SELECT count(*), sum(l_quantity) FROM by_year WHERE year = 1995");
    // Six of the seven partition folders are not even listed.
    assertTrue(c.text().contains("partitions=1 of 7"), c.toString());
    assertEquals(1, c.filesTotal, c.toString());
    assertEquals(1, c.filesRead, c.toString());
    Counters range = assertSameRowsAndCount(
        "SELECT count(*) FROM by_year WHERE year BETWEEN 1993 AND 1994 AND l_quantity > 45");
    assertEquals(2, range.filesRead, range.toString());
    String plan = explain("SELECT * FROM by_year WHERE year = 1995 AND l_quantity > 45");
    assertTrue(plan.contains("partitionFilters=[[year = 1995]]"), plan);
    assertTrue(plan.contains("filters=[[l_quantity > 45"), plan);
  }

  @Test
  void prunedPartitionFilesAreNeverOpened() throws SQLException {
    // year=1999 holds a corrupt file: only a query that needs it may fail, and must name it.
    assertEquals(query(pruned, "SELECT count(*) FROM by_year WHERE year = 1995"),
        query(pruned, "SELECT count(*) FROM with_bad WHERE year = 1995"));
    SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
        () -> query(pruned, "SELECT count(*) FROM with_bad WHERE year >= 1995"));
    assertTrue(String.valueOf(e.getMessage()).contains("year=1999"), e.getMessage());
  }

  @Test
  void contradictionReadsNothing() throws SQLException {
    Counters c = assertSameRowsAndCount(
        "SELECT count(*) FROM sorted WHERE l_shipdate > DATE '2030-01-01'");
    assertEquals(0, c.rowGroupsRead, c.toString());
    assertEquals(0, c.bytesRead, c.toString());
  }

  @Test
  void parametersPruneDifferentlyForEachBinding() throws SQLException {
    String sql = "SELECT count(*), sum(l_quantity) FROM sorted WHERE l_shipdate BETWEEN ? AND ?";
    try (PreparedStatement p = pruned.prepareStatement("EXPLAIN ANALYZE " + sql);
        PreparedStatement u = unpruned.prepareStatement(sql);
        PreparedStatement q = pruned.prepareStatement(sql)) {
      Counters narrow = bindAndAnalyze(p, "1994-01-01", "1994-01-03");
      Counters wide = bindAndAnalyze(p, "1993-01-01", "1996-12-31");
      assertTrue(narrow.rowGroupsRead <= 2, narrow.toString());
      assertTrue(wide.rowGroupsRead > 20, wide.toString());
      for (String[] range : new String[][] {{"1994-01-01", "1994-01-03"}, {"1993-01-01", "1996-12-31"},
          {"1999-01-01", "1999-12-31"}}) {
        bind(q, range[0], range[1]);
        bind(u, range[0], range[1]);
        try (ResultSet a = q.executeQuery(); ResultSet b = u.executeQuery()) {
          assertEquals(ResultComparison.read(b), ResultComparison.read(a), String.join("..", range));
        }
      }
    }
  }

  @Test
  void pageIndexSkipsPagesInsideRowGroups() throws SQLException {
    Counters c = assertSameRowsAndCount("SELECT count(*), sum(l_extendedprice) FROM paged"
        + " WHERE l_shipdate BETWEEN DATE '1995-03-01' AND DATE '1995-03-07'");
    Matcher pages = Pattern.compile("pages=(\\d+) of (\\d+)").matcher(c.text());
    assertTrue(pages.find(), c.toString());
    long read = Long.parseLong(pages.group(1));
    long total = Long.parseLong(pages.group(2));
    assertTrue(read > 0 && read * 10 <= total, "read " + read + " of " + total + " pages: " + c);
    Counters unprunedScan = Counters.parse(analyze(unpruned, "SELECT count(*), sum(l_extendedprice)"
        + " FROM paged WHERE l_shipdate BETWEEN DATE '1995-03-01' AND DATE '1995-03-07'"));
    // Dictionary pages are read whole; data pages only where the range is.
    assertTrue(c.bytesRead * 5 < unprunedScan.bytesRead, c + "\nvs\n" + unprunedScan);
  }

  @Test
  void bloomFilterSkipsRowGroupsWithoutTheKey() throws SQLException {
    // Order keys run 1-7, 32-39, …: 10 lies inside every row group's min/max but is absent.
    Counters absent = assertSameRowsAndCount("SELECT count(*) FROM bloomed WHERE l_orderkey = 10");
    assertEquals(0, absent.rowGroupsRead, absent.toString());
    Matcher bloom = Pattern.compile("bloom filter=(\\d+)").matcher(absent.text());
    assertTrue(bloom.find() && Long.parseLong(bloom.group(1)) >= 3, absent.toString());
    Counters present = assertSameRowsAndCount(
        "SELECT count(*), sum(l_quantity) FROM bloomed WHERE l_orderkey IN (7, 10, 33)");
    assertTrue(present.rowGroupsRead >= 1, present.toString());
  }

  @Test
  void dictionarySkipsRowGroupsWithoutTheValue() throws SQLException {
    // 'FOO' lies between the min ('AIR') and max ('TRUCK') of every chunk, but is in no dictionary.
    Counters c = assertSameRowsAndCount("SELECT count(*) FROM paged WHERE l_shipmode = 'FOO'");
    assertEquals(0, c.rowGroupsRead, c.toString());
    assertTrue(c.text().contains("dictionary=" + c.rowGroupsTotal), c.toString());
    assertSameRowsAndCount("SELECT count(*) FROM paged WHERE l_shipmode IN ('FOO', 'MAIL')");
  }

  /**
   * Re-writes {@code source} with Basalt's writer: row groups of 100 000 rows, small pages, page
   * indexes, and bloom filters on the order key; without dictionaries, the bloom filters are what
   * can rule a key out.
   */
  private static void rewrite(Path source, Path target, boolean dictionaries) throws Exception {
    ParquetRewriter.rewrite(source, target, ParquetWriteOptions.defaults().withRowGroupRows(100_000)
        .withPageSizeBytes(4096).withBloomFilterColumns(java.util.Set.of("l_orderkey"))
        .withDictionary(dictionaries));
  }

  // ---- the rule: what reaches the scan and what must not ----

  @Test
  void nonPushableConjunctsStayAboveTheScan() throws SQLException {
    String plan = explain("SELECT l_orderkey FROM sorted WHERE l_quantity > 10 AND rand() < 2"
        + " AND upper(l_shipmode) = 'MAIL'");
    assertTrue(scanLine(plan).contains("filters=[[l_quantity > 10.00]]"), plan);
    assertFalse(scanLine(plan).contains("RAND"), plan);
    assertFalse(scanLine(plan).contains("MAIL"), plan);
  }

  @Test
  void disjunctionWithANonPushableTermIsNotPushed() throws SQLException {
    String plan = explain("SELECT l_orderkey FROM sorted WHERE l_quantity > 10 OR upper(l_shipmode) = 'MAIL'");
    assertFalse(scanLine(plan).contains("filters="), plan);
    String nondeterministic = explain("SELECT l_orderkey FROM sorted WHERE rand() < 0.5");
    assertFalse(scanLine(nondeterministic).contains("filters="), nondeterministic);
  }

  @Test
  void valueChangingCastIsNotPushedButWideningIs() throws SQLException {
    String narrowing = explain("SELECT l_orderkey FROM sorted WHERE CAST(l_extendedprice AS INTEGER) = 5");
    assertFalse(scanLine(narrowing).contains("filters="), narrowing);
    String widening = explain("SELECT l_orderkey FROM sorted WHERE CAST(l_quantity AS DOUBLE) > 49.5");
    assertTrue(scanLine(widening).contains("filters=[[l_quantity > 49.5]]"), widening);
    assertSameRowsAndCount("SELECT count(*) FROM sorted WHERE CAST(l_quantity AS DOUBLE) > 49.5");
  }

  @Test
  void negationsArePushedToTheLeaves() throws SQLException {
    String plan = explain("SELECT l_orderkey FROM sorted WHERE NOT (l_shipdate < DATE '1998-01-01'"
        + " OR l_returnflag IN ('A', 'N'))");
    String scan = scanLine(plan);
    assertTrue(scan.contains("l_shipdate >= DATE '1998-01-01'"), plan);
    assertTrue(scan.contains("l_returnflag NOT IN ('A', 'N')"), plan);
    assertSameRowsAndCount("SELECT count(*) FROM sorted WHERE NOT (l_shipdate < DATE '1998-01-01'"
        + " OR l_returnflag IN ('A', 'N'))");
  }

  @Test
  void filterThroughAProjectReachesTheScan() throws SQLException {
    String plan = explain("SELECT * FROM (SELECT l_quantity * 2 AS q2, l_shipdate AS d FROM sorted) t"
        + " WHERE d = DATE '1995-01-01'");
    assertTrue(scanLine(plan).contains("filters=[[l_shipdate = DATE '1995-01-01']]"), plan);
  }

  @Test
  void filtersReachEachSideOfAJoin() throws SQLException {
    String sql = "SELECT count(*) FROM sorted JOIN orders ON l_orderkey = o_orderkey"
        + " WHERE o_orderdate < DATE '1992-03-01' AND l_shipdate < DATE '1992-04-01'";
    String plan = explain(sql);
    assertTrue(plan.contains("filters=[[o_orderdate < DATE '1992-03-01']]"), plan);
    assertTrue(plan.contains("filters=[[l_shipdate < DATE '1992-04-01']]"), plan);
    assertEquals(query(unpruned, sql), query(pruned, sql));
  }

  @Test
  void explainAnalyzeReportsEveryScan() throws SQLException {
    String text = explainAnalyze("SELECT count(*) FROM sorted JOIN orders ON l_orderkey = o_orderkey"
        + " WHERE o_orderdate < DATE '1992-03-01'");
    assertEquals(2, Pattern.compile("-> rows=\\d+, batches=\\d+, time=[0-9.]+ ms, files=").matcher(text).results().count(), text);
    assertTrue(text.contains("Total: 1 rows"), text);
    // Row-at-a-time operators are measured too: the join's rows and the final aggregate's one row.
    assertTrue(Pattern.compile("(Enumerable|Vec)Aggregate.*\\n\\s+-> rows=1, ").matcher(text).find(), text);
  }

  // ---- helpers ----

  /** Runs {@code sql} pruned and unpruned, asserts equal answers, returns the scan counters. */
  private Counters assertSameRowsAndCount(String sql) throws SQLException {
    assertEquals(query(unpruned, sql), query(pruned, sql), sql);
    Counters c = Counters.parse(explainAnalyze(sql));
    Counters off = Counters.parse(analyze(unpruned, sql));
    assertEquals(off.rowGroupsTotal, off.rowGroupsRead, "pushdown=false must read everything: " + off);
    return c;
  }

  private List<List<Object>> query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return ResultComparison.read(rs);
    }
  }

  private String explain(String sql) throws SQLException {
    try (Statement s = pruned.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private String explainAnalyze(String sql) throws SQLException {
    return analyze(pruned, sql);
  }

  private static String analyze(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  private static String scanLine(String plan) {
    return plan.lines().filter(l -> l.contains("VecTableScan")).reduce("", (a, b) -> a + "\n" + b);
  }

  private static void bind(PreparedStatement p, String from, String to) throws SQLException {
    p.setDate(1, Date.valueOf(from));
    p.setDate(2, Date.valueOf(to));
  }

  private static Counters bindAndAnalyze(PreparedStatement p, String from, String to)
      throws SQLException {
    bind(p, from, to);
    try (ResultSet rs = p.executeQuery()) {
      assertTrue(rs.next());
      return Counters.parse(rs.getString(1));
    }
  }

  /** The scan counters of an EXPLAIN ANALYZE text, summed over its scans. */
  record Counters(long filesRead, long filesTotal, long rowGroupsRead, long rowGroupsTotal,
      long bytesRead, String text) {
    private static final Pattern SCAN = Pattern.compile(
        "files=(\\d+) of (\\d+), row groups=(\\d+) of (\\d+)[ ,].*?bytes read=(\\d+)");

    static Counters parse(String text) {
      Matcher m = SCAN.matcher(text);
      long[] sum = new long[5];
      boolean any = false;
      while (m.find()) {
        any = true;
        for (int i = 0; i < 5; i++) {
          sum[i] += Long.parseLong(m.group(i + 1));
        }
      }
      assertTrue(any, "no scan counters in:\n" + text);
      return new Counters(sum[0], sum[1], sum[2], sum[3], sum[4], text);
    }

    @Override
    public String toString() {
      return "files " + filesRead + "/" + filesTotal + ", row groups " + rowGroupsRead + "/"
          + rowGroupsTotal + ", bytes " + bytesRead + "\n" + text;
    }
  }
}
