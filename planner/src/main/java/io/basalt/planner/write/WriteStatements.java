package io.basalt.planner.write;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.format.csv.CsvFiles;
import io.basalt.engine.write.ResultWriter;
import io.basalt.engine.write.WriteFormat;
import io.basalt.engine.write.WriteOptions;
import io.basalt.planner.catalog.DataRootSchema;
import io.basalt.sql.BasaltParserConfig;
import io.basalt.sql.ddl.SqlCopyTo;
import io.basalt.sql.ddl.SqlCreateTableAs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Prepares Basalt's writing statements, {@code COPY (query) TO 'path' (...)} and {@code CREATE
 * [OR REPLACE] TABLE name AS query}, as update statements: the query is prepared like any other
 * (with Basalt's rules); executing the statement streams its rows into Arrow batches, writes them
 * through the engine's {@link ResultWriter} (all or nothing) and returns the number of rows
 * written as the update count.
 *
 * <p>Relative paths are resolved against the data folder. A read-only connection refuses both.
 */
public final class WriteStatements {
  private static final Pattern MAY_BE_WRITE = Pattern.compile(
      "^(\\s|--[^\\n]*\\n|/\\*.*?\\*/)*(copy|create)\\b.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final int BATCH_ROWS = 8192;

  private WriteStatements() {}

  /** Cheap test that lets every other statement go straight to Calcite. */
  public static boolean mayBeWrite(String sql) {
    return MAY_BE_WRITE.matcher(sql).matches();
  }

  /**
   * The signature of {@code sql} if it is a COPY or CREATE TABLE AS statement, else null.
   *
   * @param prepareQuery prepares an inner query (text) into a signature producing rows
   */
  public static <T> CalcitePrepare.CalciteSignature<T> prepare(CalcitePrepare.Context context, String sql,
      BiFunction<CalcitePrepare.Context, String, CalcitePrepare.CalciteSignature<Object[]>> prepareQuery) {
    SqlNode node;
    try {
      node = SqlParser.create(sql, BasaltParserConfig.config()).parseStmt();
    } catch (SqlParseException e) {
      return null; // Calcite reports the syntax error with its usual message
    }
    if (node instanceof SqlCopyTo copy) {
      DataRootSchema data = dataRoot(context, "COPY");
      String target = copy.target();
      WriteOptions options = CopyOptionsParser.parse(copy.options(), target);
      Path path = data.root().resolve(target).normalize();
      data.sandbox().checkPattern(target, data.root()); // e.g. COPY … TO '../elsewhere'
      return signature(context, sql, prepareQuery.apply(context, copy.queryText()), data.engine(), path, options);
    }
    if (node instanceof SqlCreateTableAs create) {
      DataRootSchema data = dataRoot(context, "CREATE TABLE");
      List<String> names = create.name().names;
      if (names.size() > 2 || (names.size() == 2 && !names.get(0).equalsIgnoreCase(DataRootSchema.NAME))) {
        throw new IllegalArgumentException("CREATE TABLE " + create.name()
            + ": tables are created in the data folder; name the table without a schema");
      }
      String table = names.get(names.size() - 1);
      Path path = data.root().resolve(table + ".parquet");
      checkNoOtherTable(data.root(), table, create.getReplace());
      WriteOptions options = new WriteOptions(WriteFormat.PARQUET, WriteFormat.Compression.ZSTD,
          WriteOptions.defaults(WriteFormat.PARQUET).rowGroupRows(), List.of(), create.getReplace(),
          WriteOptions.DEFAULT_MAX_OPEN_FILES);
      if (Files.exists(path) && !create.getReplace()) {
        throw new IllegalArgumentException("table " + table + " already exists (" + path
            + "); use CREATE OR REPLACE TABLE to replace it");
      }
      return signature(context, sql, prepareQuery.apply(context, create.queryText()), data.engine(), path, options);
    }
    return null;
  }

  /** Refuses a second table of the same name in another form (a folder or a CSV file). */
  private static void checkNoOtherTable(Path root, String table, boolean replace) {
    try (var entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        boolean sameTable = Files.isDirectory(entry) ? name.equalsIgnoreCase(table)
            : table.equalsIgnoreCase(CsvFiles.tableName(name));
        if (sameTable) {
          throw new IllegalArgumentException("table " + table + " already exists as " + entry
              + (replace ? "; CREATE OR REPLACE TABLE only replaces " + table + ".parquet" : ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list data folder " + root + ": " + e.getMessage(), e);
    }
  }

  private static DataRootSchema dataRoot(CalcitePrepare.Context context, String statement) {
    CalciteSchema schema = context.getRootSchema().getSubSchema(DataRootSchema.NAME, false);
    DataRootSchema data = schema != null && schema.schema instanceof DataRootSchema d ? d : null;
    if (data == null) {
      throw new IllegalStateException(statement + " needs a Basalt connection (jdbc:basalt:/path)");
    }
    if (data.readOnly()) {
      throw new UnsupportedOperationException(statement + " is refused: this connection is read-only "
          + "(read_only=true, or a server started with --read-only); connect without read_only to write files");
    }
    return data;
  }

  private static <T> CalcitePrepare.CalciteSignature<T> signature(CalcitePrepare.Context context, String sql,
      CalcitePrepare.CalciteSignature<Object[]> query, BasaltEngine engine, Path target, WriteOptions options) {
    if (!query.parameters.isEmpty()) {
      throw new UnsupportedOperationException("not supported yet: parameters (?) in the query of COPY or "
          + "CREATE TABLE AS; write the values into the statement");
    }
    RelDataType queryType = query.rowType;
    Schema schema = io.basalt.planner.types.SqlArrowTypes.schema(queryType);
    if (!options.partitionBy().isEmpty()) {
      for (String column : options.partitionBy()) {
        if (queryType.getField(column, false, false) == null) {
          throw new IllegalArgumentException("PARTITION_BY column '" + column + "' is not a column of the query; "
              + "its columns are " + queryType.getFieldNames());
        }
      }
    }
    RelDataTypeFactory types = context.getTypeFactory();
    RelDataType countType = types.builder()
        .add("ROWCOUNT", types.createSqlType(SqlTypeName.BIGINT)).build();
    ColumnMetaData count = new ColumnMetaData(0, false, false, false, false,
        java.sql.DatabaseMetaData.columnNoNulls, true, 19, "ROWCOUNT", "ROWCOUNT", null, 19, 0, null, null,
        ColumnMetaData.scalar(Types.BIGINT, "BIGINT", ColumnMetaData.Rep.PRIMITIVE_LONG), true, false, false,
        Long.class.getName());
    Bindable<T> bindable = dataContext -> lazyCount(() -> execute(dataContext, query, schema, engine, target, options));
    return new CalcitePrepare.CalciteSignature<>(sql, List.of(), query.internalParameters, countType,
        List.of(count), Meta.CursorFactory.OBJECT, context.getRootSchema(), List.of(), -1, bindable,
        Meta.StatementType.IS_DML);
  }

  @SuppressWarnings("unchecked")
  private static <T> Enumerable<T> lazyCount(java.util.function.LongSupplier run) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<T> enumerator() {
        return (Enumerator<T>) Linq4j.singletonEnumerator((Object) run.getAsLong());
      }
    };
  }

  /** Runs the query and writes its rows; returns the rows written. */
  private static long execute(DataContext dataContext, CalcitePrepare.CalciteSignature<Object[]> query,
      Schema schema, BasaltEngine engine, Path target, WriteOptions options) {
    AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(dataContext);
    ExecContext cancelCheck = new ExecContext(null, 0, cancel);
    try (BufferAllocator allocator = engine.memoryPool().newQueryAllocator("write-" + target.getFileName())) {
      ResultWriter writer = new ResultWriter(target, schema, options, allocator);
      try (RowBatchBuilder batches = new RowBatchBuilder(schema, allocator, BATCH_ROWS)) {
        Enumerable<?> rows = query.enumerable(dataContext);
        try (Enumerator<?> e = rows.enumerator()) {
          long n = 0;
          while (e.moveNext()) {
            Object row = e.current();
            if (batches.add(row instanceof Object[] a ? a : new Object[] {row})) {
              flush(batches, writer);
            }
            if ((++n & 1023) == 0) {
              cancelCheck.checkCancelled();
            }
          }
        }
        cancelCheck.checkCancelled();
        flush(batches, writer);
        return writer.commit();
      } catch (IOException e) {
        writer.abort();
        throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
      } catch (RuntimeException | Error e) {
        writer.abort();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static void flush(RowBatchBuilder batches, ResultWriter writer) throws IOException {
    try (VectorSchemaRoot batch = batches.take()) {
      if (batch != null && batch.getRowCount() > 0) {
        writer.write(batch);
      }
    }
  }
}
