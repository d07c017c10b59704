package io.basalt.cli.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.basalt.cli.tpch.TpchColumnLayout.Kind;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemColumn;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generates TPC-H SF 0.01 once and checks the files with DuckDB against the generator itself. */
class TpchParquetGeneratorTest {
  private static final double SF = 0.01;

  /** Row counts at SF 0.01 from the TPC-H specification. */
  private static final Map<String, Long> SPEC_ROWS = new LinkedHashMap<>();

  static {
    SPEC_ROWS.put("lineitem", 60_175L);
    SPEC_ROWS.put("orders", 15_000L);
    SPEC_ROWS.put("customer", 1_500L);
    SPEC_ROWS.put("part", 2_000L);
    SPEC_ROWS.put("partsupp", 8_000L);
    SPEC_ROWS.put("supplier", 100L);
    SPEC_ROWS.put("nation", 25L);
    SPEC_ROWS.put("region", 5L);
  }

  @TempDir static Path dir;
  private static List<GeneratedTable> generated;
  private static Connection duck;

  @BeforeAll
  static void generate() throws Exception {
    generated = TpchParquetGenerator.generate(SF, dir);
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  static void closeDuckDb() throws SQLException {
    if (duck != null) {
      duck.close();
    }
  }

  private static String file(String table) {
    return dir.resolve(table + ".parquet").toString().replace("'", "''");
  }

  private static String scan(String table) {
    return "read_parquet('" + file(table) + "')";
  }

  @Test
  void writesExactlyTheEightTablesWithSpecRowCounts() throws Exception {
    Map<String, Long> reported =
        generated.stream().collect(Collectors.toMap(GeneratedTable::name, GeneratedTable::rows));
    assertEquals(SPEC_ROWS, new LinkedHashMap<>(orderedLike(reported)));
    for (Map.Entry<String, Long> table : SPEC_ROWS.entrySet()) {
      assertEquals(table.getValue(), queryLong("SELECT count(*) FROM " + scan(table.getKey())),
          table.getKey());
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
      assertEquals(
          SPEC_ROWS.keySet().stream().map(t -> t + ".parquet").sorted().collect(Collectors.toList()),
          names, "no temporary files may be left behind");
    }
  }

  private static Map<String, Long> orderedLike(Map<String, Long> reported) {
    Map<String, Long> ordered = new LinkedHashMap<>();
    SPEC_ROWS.keySet().forEach(name -> ordered.put(name, reported.get(name)));
    return ordered;
  }

  @Test
  void columnTypesFollowTheTpchDdl() throws Exception {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("lineitem.l_orderkey", "BIGINT");
    expected.put("lineitem.l_linenumber", "INTEGER");
    expected.put("lineitem.l_quantity", "DECIMAL(15,2)");
    expected.put("lineitem.l_extendedprice", "DECIMAL(15,2)");
    expected.put("lineitem.l_shipdate", "DATE");
    expected.put("lineitem.l_returnflag", "VARCHAR");
    expected.put("orders.o_orderkey", "BIGINT");
    expected.put("orders.o_custkey", "BIGINT");
    expected.put("orders.o_totalprice", "DECIMAL(15,2)");
    expected.put("orders.o_orderdate", "DATE");
    expected.put("orders.o_shippriority", "INTEGER");
    expected.put("orders.o_orderstatus", "VARCHAR");
    expected.put("customer.c_nationkey", "INTEGER");
    expected.put("customer.c_acctbal", "DECIMAL(15,2)");
    expected.put("supplier.s_nationkey", "INTEGER");
    expected.put("supplier.s_acctbal", "DECIMAL(15,2)");
    expected.put("part.p_size", "INTEGER");
    expected.put("part.p_retailprice", "DECIMAL(15,2)");
    expected.put("partsupp.ps_availqty", "INTEGER");
    expected.put("partsupp.ps_supplycost", "DECIMAL(15,2)");
    expected.put("partsupp.ps_partkey", "BIGINT");
    expected.put("nation.n_nationkey", "INTEGER");
    expected.put("nation.n_regionkey", "INTEGER");
    expected.put("region.r_regionkey", "INTEGER");
    expected.put("region.r_name", "VARCHAR");
    Map<String, String> actual = new LinkedHashMap<>();
    for (String table : SPEC_ROWS.keySet()) {
      try (Statement s = duck.createStatement();
          ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + scan(table))) {
        while (rs.next()) {
          actual.put(table + "." + rs.getString(1), rs.getString(2));
        }
      }
      try (Statement s = duck.createStatement();
          ResultSet rs = s.executeQuery(
              "SELECT name, repetition_type FROM parquet_schema('" + file(table)
                  + "') WHERE num_children IS NULL")) {
        while (rs.next()) {
          assertEquals("REQUIRED", rs.getString(2), table + "." + rs.getString(1) + " is NOT NULL");
        }
      }
    }
    expected.forEach((column, type) -> assertEquals(type, actual.get(column), column));
  }

  /** Every value of every table, read back by DuckDB, equals the generator's own value. */
  @Test
  void everyValueMatchesTheGenerator() throws Exception {
    for (TpchTable<?> table : TpchTable.getTables()) {
      compareAllValues(TpchTableLayout.of(table));
    }
  }

  private static <E extends TpchEntity> void compareAllValues(TpchTableLayout<E> layout)
      throws SQLException {
    List<TpchColumnLayout<E>> columns = layout.columns();
    String select =
        columns.stream()
            .map(c -> c.kind() == Kind.DATE ? "CAST(" + c.name() + " AS VARCHAR)" : c.name())
            .collect(Collectors.joining(", "));
    Iterator<E> expected = layout.table().createGenerator(SF, 1, 1).iterator();
    long rows = 0;
    try (Statement s = duck.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + select + " FROM " + scan(layout.name()))) {
      while (rs.next()) {
        assertTrue(expected.hasNext(), layout.name() + " has more rows than the generator");
        E row = expected.next();
        for (int c = 0; c < columns.size(); c++) {
          TpchColumnLayout<E> column = columns.get(c);
          String where = layout.name() + " row " + rows + " column " + column.name();
          TpchColumn<E> source = column.source();
          switch (column.kind()) {
            case BIGINT:
              assertEquals(source.getIdentifier(row), rs.getLong(c + 1), where);
              break;
            case INTEGER:
              assertEquals(column.intValue(row), rs.getInt(c + 1), where);
              break;
            case DECIMAL:
              assertEquals(BigDecimal.valueOf(column.unscaledCents(row), 2),
                  rs.getBigDecimal(c + 1), where);
              break;
            case DATE:
              assertEquals(LocalDate.ofEpochDay(source.getDate(row)).toString(),
                  rs.getString(c + 1), where);
              break;
            default:
              assertEquals(source.getString(row), rs.getString(c + 1), where);
          }
        }
        rows++;
      }
    }
    assertTrue(!expected.hasNext(), layout.name() + " has fewer rows than the generator");
  }

  /** Guards the layout's reading of getIdentifier as hundredths against the generator's doubles. */
  @Test
  void decimalColumnsAreTheGeneratorsHundredths() {
    for (TpchTable<?> table : TpchTable.getTables()) {
      checkHundredths(TpchTableLayout.of(table));
    }
  }

  private static <E extends TpchEntity> void checkHundredths(TpchTableLayout<E> layout) {
    List<TpchColumnLayout<E>> decimals = new ArrayList<>();
    layout.columns().stream().filter(c -> c.kind() == Kind.DECIMAL).forEach(decimals::add);
    int checked = 0;
    for (E row : layout.table().createGenerator(SF, 1, 1)) {
      for (TpchColumnLayout<E> column : decimals) {
        assertEquals(Math.round(column.source().getDouble(row) * 100), column.unscaledCents(row),
            layout.name() + "." + column.name());
      }
      if (++checked == 2_000) {
        break;
      }
    }
  }

  @Test
  void extendedPriceSumMatchesTheGeneratorsCents() throws Exception {
    long cents = 0;
    for (LineItem item : TpchTable.LINE_ITEM.createGenerator(SF, 1, 1)) {
      cents += LineItemColumn.EXTENDED_PRICE.getIdentifier(item);
    }
    assertEquals(BigDecimal.valueOf(cents, 2),
        queryDecimal("SELECT sum(l_extendedprice) FROM " + scan("lineitem")));
  }

  /** TPC-H Q6 on the files equals the same query evaluated exactly over the generator's values. */
  @Test
  void q6RevenueMatchesExactRecomputation() throws Exception {
    int from = (int) LocalDate.of(1994, 1, 1).toEpochDay();
    int to = (int) LocalDate.of(1995, 1, 1).toEpochDay();
    long revenueTenThousandths = 0;
    for (LineItem item : TpchTable.LINE_ITEM.createGenerator(SF, 1, 1)) {
      int shipDate = LineItemColumn.SHIP_DATE.getDate(item);
      long discount = LineItemColumn.DISCOUNT.getIdentifier(item);
      long quantity = LineItemColumn.QUANTITY.getIdentifier(item);
      if (shipDate >= from && shipDate < to && discount >= 5 && discount <= 7
          && quantity < 2_400) {
        revenueTenThousandths += LineItemColumn.EXTENDED_PRICE.getIdentifier(item) * discount;
      }
    }
    BigDecimal expected = BigDecimal.valueOf(revenueTenThousandths, 4);
    BigDecimal actual =
        queryDecimal(
            "SELECT sum(l_extendedprice * l_discount) FROM " + scan("lineitem")
                + " WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'"
                + " AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24");
    assertTrue(actual.signum() > 0, "Q6 revenue must be positive, got " + actual);
    assertEquals(0, expected.compareTo(actual), "Q6: expected " + expected + " got " + actual);
  }

  /** Compares with DuckDB's own dbgen when its tpch extension can be loaded (often not offline). */
  @Test
  void matchesDuckDbDbgenWhenAvailable() throws Exception {
    try (Connection dbgen = DriverManager.getConnection("jdbc:duckdb:")) {
      assumeTrue(tryExecute(dbgen, "LOAD tpch") || (tryExecute(dbgen, "INSTALL tpch")
          && tryExecute(dbgen, "LOAD tpch")), "DuckDB tpch extension not available offline");
      try (Statement s = dbgen.createStatement()) {
        s.execute("CALL dbgen(sf=" + SF + ")");
      }
      String[][] sums = {
        {"lineitem", "l_extendedprice"}, {"lineitem", "l_quantity"}, {"orders", "o_totalprice"},
        {"customer", "c_acctbal"}, {"partsupp", "ps_supplycost"}, {"part", "p_retailprice"},
        {"supplier", "s_acctbal"},
      };
      for (String[] sum : sums) {
        String q = "SELECT sum(" + sum[1] + ") FROM ";
        assertEquals(0, query(dbgen, q + sum[0]).compareTo(queryDecimal(q + scan(sum[0]))),
            sum[0] + "." + sum[1]);
      }
      for (String table : SPEC_ROWS.keySet()) {
        BigDecimal different =
            query(dbgen, "SELECT count(*) FROM (SELECT * FROM " + table + " EXCEPT SELECT * FROM "
                + scan(table) + ")");
        assertEquals(0, different.signum(), table + " rows differing from DuckDB's dbgen");
      }
    }
  }

  private static boolean tryExecute(Connection connection, String sql) {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static long queryLong(String sql) throws SQLException {
    return query(duck, sql).longValueExact();
  }

  private static BigDecimal queryDecimal(String sql) throws SQLException {
    return query(duck, sql);
  }

  private static BigDecimal query(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return new BigDecimal(rs.getString(1));
    }
  }
}
