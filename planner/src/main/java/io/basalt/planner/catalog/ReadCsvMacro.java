package io.basalt.planner.catalog;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.format.csv.CsvDataset;
import io.basalt.engine.format.csv.CsvFiles;
import io.basalt.engine.format.csv.CsvOptions;
import io.basalt.engine.format.csv.CsvRejects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code read_csv('glob', header => ..., delim => ..., quote => ..., escape => ..., nullstr => ...,
 * columns => ..., sample_size => ..., ignore_errors => ...)}: a table over the CSV files matching a
 * pattern (relative to the data root unless absolute). Every option but the pattern is optional and
 * named; what is left out is sniffed. Expanded at planning time, so arguments must be literals.
 *
 * <ul>
 *   <li>{@code header} BOOLEAN; {@code delim}, {@code quote}, {@code escape}: one character
 *       ({@code '\t'} written as backslash-t is a tab; {@code quote => ''} means no quoting);
 *   <li>{@code nullstr}: the text that means NULL (an empty unquoted field is always NULL);
 *   <li>{@code columns}: {@code 'name TYPE, ...'} with BOOLEAN, BIGINT, DOUBLE, DECIMAL(p,s),
 *       DATE, TIMESTAMP, VARCHAR — skips type inference;
 *   <li>{@code sample_size}: records read for sniffing and inference (default 20480);
 *   <li>{@code ignore_errors}: skip records that cannot be read; {@code csv_rejects()} lists them.
 * </ul>
 */
public final class ReadCsvMacro implements TableMacro {
  public static final String NAME = "read_csv";

  private static final List<Param> PARAMS = List.of(
      new Param("path", String.class, false),
      new Param("header", Boolean.class, true),
      new Param("delim", String.class, true),
      new Param("quote", String.class, true),
      new Param("escape", String.class, true),
      new Param("nullstr", String.class, true),
      new Param("columns", String.class, true),
      new Param("sample_size", Integer.class, true),
      new Param("ignore_errors", Boolean.class, true));

  private record Param(String name, Class<?> type, boolean optional) {}

  /** The parameter names in order, for mixing positional and named arguments. */
  static List<String> parameterNames() {
    return PARAMS.stream().map(Param::name).toList();
  }

  private final Path root;
  private final BasaltEngine engine;
  private final CsvRejects rejects;

  private final PathSandbox sandbox;

  public ReadCsvMacro(Path root, BasaltEngine engine, CsvRejects rejects) {
    this(root, engine, rejects, PathSandbox.unrestricted());
  }

  /** A read_csv whose patterns and matched files must lie inside {@code sandbox}'s roots. */
  public ReadCsvMacro(Path root, BasaltEngine engine, CsvRejects rejects, PathSandbox sandbox) {
    this.root = root;
    this.engine = engine;
    this.rejects = rejects;
    this.sandbox = sandbox;
  }

  @Override
  public TranslatableTable apply(List<? extends Object> arguments) {
    // PlanDependencies cannot fingerprint what this table reads (a glob's matches, earlier
    // statements' rejects): a plan over it is never reused.
    PlanDependencies.uncacheable();
    Object glob = arguments.isEmpty() ? null : arguments.get(0);
    if (!(glob instanceof CharSequence text) || text.toString().isBlank()) {
      throw new IllegalArgumentException(
          "read_csv expects a file path or glob as a string literal, e.g. read_csv('data/*.csv'), got "
              + (glob == null ? "null" : glob.getClass().getSimpleName() + " " + glob));
    }
    CsvOptions options = options(arguments);
    String pattern = glob.toString();
    sandbox.checkPattern(pattern, root);
    return new CsvTable(engine, () -> {
      List<Path> files = CsvFiles.ofGlob(pattern, root);
      for (Path f : files) {
        sandbox.checkFile(pattern, f); // a link inside a root may point anywhere
      }
      return CsvDataset.open(pattern, CsvFiles.partitionRoot(pattern, root), files, options, rejects);
    });
  }

  /** The options given by name; null arguments are the ones left out. */
  static CsvOptions options(List<? extends Object> a) {
    CsvOptions o = CsvOptions.defaults();
    if (arg(a, 1) != null) {
      o = o.withHeader((Boolean) arg(a, 1));
    }
    if (arg(a, 2) != null) {
      o = o.withDelimiter(character("delim", (String) arg(a, 2), false));
    }
    if (arg(a, 3) != null) {
      o = o.withQuote(character("quote", (String) arg(a, 3), true));
    }
    if (arg(a, 4) != null) {
      o = o.withEscape(character("escape", (String) arg(a, 4), false));
    }
    if (arg(a, 5) != null) {
      o = o.withNullString((String) arg(a, 5));
    }
    if (arg(a, 6) != null) {
      o = o.withColumns(CsvOptions.parseColumns((String) arg(a, 6)));
    }
    if (arg(a, 7) != null) {
      o = o.withSampleSize((Integer) arg(a, 7));
    }
    if (arg(a, 8) != null) {
      o = o.withIgnoreErrors((Boolean) arg(a, 8));
    }
    return o;
  }

  private static Object arg(List<? extends Object> arguments, int i) {
    return i < arguments.size() ? arguments.get(i) : null;
  }

  private static Character character(String name, String text, boolean emptyMeansNone) {
    String t = text.equals("\\t") ? "\t" : text;
    if (t.isEmpty() && emptyMeansNone) {
      return '\0';
    }
    if (t.length() != 1 || t.charAt(0) > 127) {
      throw new IllegalArgumentException(name + " must be one ASCII character (\\t for a tab), got '"
          + text + "'");
    }
    return t.charAt(0);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    List<FunctionParameter> out = new ArrayList<>();
    for (int i = 0; i < PARAMS.size(); i++) {
      Param p = PARAMS.get(i);
      int ordinal = i;
      out.add(new FunctionParameter() {
        @Override
        public int getOrdinal() {
          return ordinal;
        }

        @Override
        public String getName() {
          return p.name();
        }

        @Override
        public RelDataType getType(RelDataTypeFactory typeFactory) {
          // Java types, so that Calcite hands the literals to apply() as String/Boolean/Integer.
          if (typeFactory instanceof JavaTypeFactory java) {
            return java.createType(p.type());
          }
          return typeFactory.createSqlType(p.type() == Boolean.class ? SqlTypeName.BOOLEAN
              : p.type() == Integer.class ? SqlTypeName.INTEGER : SqlTypeName.VARCHAR);
        }

        @Override
        public boolean isOptional() {
          return p.optional();
        }
      });
    }
    return out;
  }
}
