package io.basalt.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Basalt's generated parser: TPC-H, the words it no longer reserves, and what must still fail. */
class BasaltSqlParserTest {
  /** The TPC-H queries shipped with the CLI, read from the source tree (no dependency on cli). */
  private static final Path TPCH = Path.of("../cli/src/main/resources/io/basalt/cli/tpch/queries");

  /** Words Calcite reserves that Basalt's parser accepts as names (see config.fmpp). */
  static final List<String> NEWLY_NON_RESERVED = List.of(
      "VALUE", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND",
      "DATE", "TIME", "TIMESTAMP", "DATETIME",
      "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY",
      "POSITION", "COUNT", "SUM", "MIN", "MAX", "AVG", "RANK", "LOWER", "UPPER",
      "ABS", "MOD", "EXP", "LN", "POWER", "SQRT",
      "RESULT", "START", "END",
      "CONDITION", "CYCLE", "ELEMENT", "EVERY", "EXTERNAL", "FREE", "FUNCTION", "GLOBAL", "HOLD",
      "IDENTITY", "INITIAL", "LANGUAGE", "LARGE", "LOCAL", "MEMBER", "METHOD", "MODULE", "NONE",
      "NO", "OLD", "ONE", "OPEN", "CLOSE", "PARAMETER", "PERCENT", "PORTION", "PRIMARY",
      "PROCEDURE", "REF", "REFERENCES", "RELEASE", "RETURN", "RETURNS", "SCOPE", "SEARCH", "SQL",
      "STATIC", "SYSTEM", "TRANSLATION", "TRIGGER");

  /** Already non-reserved in Calcite; must stay so. */
  static final List<String> CALCITE_NON_RESERVED = List.of(
      "NAMES", "SESSION", "SOURCE", "TYPE", "KEY", "LEVEL", "NAME", "SIZE", "WEEK", "QUARTER",
      "DATA", "STATE", "ZONE", "VERSION");

  private static SqlParser.Config config() {
    return SqlParser.config()
        .withParserFactory(BasaltParserConfig.FACTORY)
        .withCaseSensitive(false)
        .withUnquotedCasing(Casing.UNCHANGED)
        .withQuoting(Quoting.DOUBLE_QUOTE)
        .withConformance(SqlConformanceEnum.LENIENT);
  }

  private static SqlNode parse(String sql) {
    try {
      return SqlParser.create(sql, config()).parseStmt();
    } catch (SqlParseException e) {
      throw new AssertionError("does not parse: " + sql + "\n" + e.getMessage(), e);
    }
  }

  private static SqlParseException fails(String sql) {
    return assertThrows(SqlParseException.class, () -> SqlParser.create(sql, config()).parseStmt(),
        () -> "should not parse: " + sql);
  }

  private static SqlSelect select(SqlNode node) {
    return node instanceof SqlOrderBy o ? (SqlSelect) o.query : (SqlSelect) node;
  }

  static Stream<String> tpchQueries() {
    return IntStream.rangeClosed(1, 22).mapToObj(i -> String.format(Locale.ROOT, "q%02d.sql", i));
  }

  @ParameterizedTest
  @MethodSource("tpchQueries")
  void parsesTpchQuery(String file) throws IOException {
    Path path = TPCH.resolve(file);
    assertTrue(Files.isRegularFile(path), () -> "missing " + path.toAbsolutePath());
    String sql = Files.readString(path).strip();
    if (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1);
    }
    assertInstanceOf(SqlNode.class, parse(sql));
  }

  @Test
  void tpchQ11OrdersByAliasValue() throws IOException {
    SqlNode node = parse(Files.readString(TPCH.resolve("q11.sql")).strip());
    SqlOrderBy orderBy = (SqlOrderBy) node;
    SqlCall desc = (SqlCall) orderBy.orderList.get(0);
    assertEquals(SqlKind.DESCENDING, desc.getKind());
    assertEquals("value", ((SqlIdentifier) desc.operand(0)).getSimple());
    // The stock Calcite parser rejects the same query: that is why Basalt has its own.
    assertThrows(SqlParseException.class, () -> SqlParser.create(
        Files.readString(TPCH.resolve("q11.sql")).strip(),
        config().withParserFactory(SqlParserImpl.FACTORY)).parseStmt());
  }

  static Stream<String> nonReservedWords() {
    return Stream.concat(NEWLY_NON_RESERVED.stream(), CALCITE_NON_RESERVED.stream());
  }

  @ParameterizedTest
  @MethodSource("nonReservedWords")
  void wordIsAColumnAliasAndTableName(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    SqlSelect s = select(parse("select " + w + ", t." + w + ", x as " + w + ", y " + w
        + " from t where " + w + " > 1 group by " + w + " order by " + w + " desc"));
    assertEquals(w, ((SqlIdentifier) s.getSelectList().get(0)).getSimple());
    assertEquals(List.of("t", w), ((SqlIdentifier) s.getSelectList().get(1)).names);
    assertEquals(w, ((SqlIdentifier) ((SqlCall) s.getSelectList().get(2)).operand(1)).getSimple());
    assertEquals(w, ((SqlIdentifier) ((SqlCall) s.getSelectList().get(3)).operand(1)).getSimple());
    // As an argument, in parentheses, in expressions, as table name and table alias.
    parse("select sum(" + w + "), max(" + w + ") over (partition by " + w + "), (" + w + "), ("
        + w + " * 2), (" + w + " - 1), cast(" + w + " as int) from " + w + " as " + w
        + " where " + w + "." + w + " in (" + w + ", 1) and (" + w + " > 0)");
    parse("select * from t " + w + " join u on t.x = " + w + ".x");
    parse("with " + w + " as (select 1 as " + w + ") select " + w + " from " + w);
  }

  @Test
  void wordsAreNotReservedInMetadata() {
    SqlAbstractParserImpl.Metadata md =
        BasaltParserConfig.FACTORY.getParser(new java.io.StringReader("")).getMetadata();
    for (String w : NEWLY_NON_RESERVED) {
      assertTrue(md.isKeyword(w), w);
      assertFalse(md.isReservedWord(w), () -> w + " should not be reserved");
    }
    for (String w : List.of("USER", "INTERVAL", "SELECT", "FROM", "CASE", "NULL", "PERIOD")) {
      assertTrue(md.isReservedWord(w), () -> w + " should stay reserved");
    }
  }

  @Test
  void dateTimeLiteralsAndKeywordsStillWork() {
    List<String> sqls = List.of(
        "select date '1998-12-01', time '10:00:00', timestamp '1998-12-01 10:00:00' from t",
        "select l_returnflag from lineitem where l_shipdate <= date '1998-12-01' - interval '90' day (3)",
        "select interval '3' month, interval '1' year, interval '2' hour, interval '5' minute,"
            + " interval '1' second(3), interval '1-2' year to month, interval '1 02' day to hour from t",
        "select extract(year from x), extract(month from x), extract(day from x),"
            + " extract(hour from x), extract(minute from x), extract(second from x) from t",
        "select cast(x as date), cast(y as time(3)), cast(z as timestamp(3) with local time zone),"
            + " cast(w as interval day) from t",
        "select floor(x to day), ceil(x to year), timestampadd(day, 1, x), timestampdiff(month, x, y) from t",
        "select year(x), month(x), abs(x), mod(x, 2), power(x, 2), sqrt(x), ln(x), exp(x),"
            + " upper(s), lower(s) from t",
        "select position('a' in b), substring(s from 1 for 2), trim(both ' ' from s) from t",
        "select count(*), count(distinct x), count(*) filter (where x > 0), avg(x), min(x), max(x),"
            + " sum(x) over (partition by y order by z rows between unbounded preceding and current row),"
            + " rank() over (order by x) from t",
        "select case when a > 0 then 1 else end end from t",
        "select next value for s from t",
        "select json_object(key 'a' value x), json_object('b' value value) from t",
        "select current_date, current_timestamp, localtimestamp from t",
        "values (1, 2), (3, 4)",
        "value (1, 2)",
        "select * from t union all values (1)",
        "select date_trunc(x, week(monday)) from t",
        "select * from t tablesample system (10)",
        "select * from t fetch next 1 rows only");
    for (String sql : sqls) {
      parse(sql);
    }
    SqlSelect s = select(parse("select date '1998-12-01', date from t where d < date '2000-01-01'"));
    assertInstanceOf(SqlLiteral.class, s.getSelectList().get(0));
    assertInstanceOf(SqlIdentifier.class, s.getSelectList().get(1));
    SqlBasicCall lt = (SqlBasicCall) s.getWhere();
    assertInstanceOf(SqlLiteral.class, lt.operand(1));
    assertEquals(SqlKind.VALUES, parse("value (1, 2)").getKind());
  }

  @Test
  void readParquetTableFunction() {
    SqlSelect s = select(parse("select * from table(read_parquet('x/*.parquet'))"));
    assertEquals(SqlKind.COLLECTION_TABLE, s.getFrom().getKind());
    parse("select count(*) as count, value from table(read_parquet('data/*.parquet')) as value"
        + " group by value");
  }

  @Test
  void quotedIdentifiersAndReservedWordsQuoted() {
    SqlSelect s = select(parse("select \"user\", \"select\", \"Value\" from \"from\""));
    assertEquals("user", ((SqlIdentifier) s.getSelectList().get(0)).getSimple());
    assertEquals("Value", ((SqlIdentifier) s.getSelectList().get(2)).getSimple());
    // USER stays reserved: unquoted it is still the USER function, exactly as in Calcite's parser.
    String sql = "select user from t";
    SqlNode stock;
    try {
      stock = SqlParser.create(sql, config().withParserFactory(SqlParserImpl.FACTORY)).parseStmt();
    } catch (SqlParseException e) {
      throw new AssertionError(e);
    }
    assertEquals(stock.toString(), parse(sql).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select from t",
      "select x from",
      "select x from t where",
      "select * from t order by",
      "select x y z from t",
      "select * from select",
      "select * from t where order by x",
      "select x, from t",
      "select interval from t",
      "select * from t as from",
      "select user as user from t",
      "select period from t",
      "select date '1998-12-01 from t",
      "select interval '3' from t",
      "select extract(year x) from t",
      "select 1 +",
      "selec 1",
  })
  void stillFails(String sql) {
    fails(sql);
  }
}
