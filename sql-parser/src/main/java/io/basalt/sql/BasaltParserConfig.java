package io.basalt.sql;

import io.basalt.sql.parser.impl.BasaltSqlParserImpl;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Basalt's SQL parser: Apache Calcite's grammar, generated at build time from the {@code Parser.jj}
 * template in the calcite-core jar with Basalt's {@code src/main/codegen/config.fmpp}, so it
 * accepts exactly Calcite's SQL plus more identifiers.
 *
 * <p>Words that Calcite reserves but that real schemas and the TPC-H specification use as names
 * are identifiers in Basalt's dialect: {@code value}, {@code year}, {@code month}, {@code day},
 * {@code hour}, {@code minute}, {@code second}, {@code date}, {@code time}, {@code timestamp},
 * {@code datetime}, {@code position}, {@code result}, {@code count}, {@code sum}, {@code min},
 * {@code max}, {@code avg}, {@code rank}, {@code start}, {@code end}, the week days and more (see
 * config.fmpp). Calcite already treats {@code names}, {@code session}, {@code source}, {@code
 * type}, {@code key}, {@code level}, {@code name} as non-reserved. So TPC-H Q11's {@code
 * sum(ps_supplycost * ps_availqty) as value ... order by value desc} parses, and so does {@code
 * select date, year, value from t where date >= date '1998-01-01'}.
 *
 * <p>The words keep their meaning wherever the grammar expects the keyword: {@code date
 * '1998-12-01'}, {@code interval '3' month}, {@code interval '90' day (3)}, {@code extract(year
 * from x)}, {@code cast(x as timestamp)}, {@code position('a' in b)}, {@code count(*)}. {@code
 * user}, {@code interval}, {@code case}, {@code cast}, {@code null}, {@code true}, {@code false},
 * {@code row}, {@code table} and the clause words ({@code select}, {@code from}, {@code where},
 * {@code group}, {@code order}, {@code join}, ...) stay reserved: quote them ({@code "user"}) to
 * use them as names.
 *
 * <p>The JDBC driver selects this parser with the Calcite connection property {@code
 * parserFactory=io.basalt.sql.parser.impl.BasaltSqlParserImpl#FACTORY}; {@link #config()} gives
 * the same dialect for parsing outside a connection.
 */
public final class BasaltParserConfig {
  /** Creates Basalt's parser; the generated {@link BasaltSqlParserImpl#FACTORY}. */
  public static final SqlParserImplFactory FACTORY = BasaltSqlParserImpl.FACTORY;

  /** The connection property value that selects {@link #FACTORY}. */
  public static final String FACTORY_NAME = "io.basalt.sql.parser.impl.BasaltSqlParserImpl#FACTORY";

  private BasaltParserConfig() {}

  /**
   * Parser settings of Basalt's dialect, as the JDBC driver sets them: Basalt's parser,
   * "double-quoted" identifiers, unquoted identifiers kept as written and matched
   * case-insensitively, lenient conformance.
   */
  public static SqlParser.Config config() {
    return SqlParser.config()
        .withParserFactory(FACTORY)
        .withQuoting(Quoting.DOUBLE_QUOTE)
        .withUnquotedCasing(Casing.UNCHANGED)
        .withQuotedCasing(Casing.UNCHANGED)
        .withCaseSensitive(false)
        .withConformance(SqlConformanceEnum.LENIENT);
  }
}
