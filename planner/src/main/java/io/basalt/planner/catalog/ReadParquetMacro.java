package io.basalt.planner.catalog;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.catalog.ParquetDataset;
import java.nio.file.Path;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code read_parquet('glob')}: a table over the Parquet files matching a pattern, relative to the
 * data root unless absolute. Expanded at planning time, so the argument must be a literal. The
 * connection's {@link PathSandbox} checks the pattern before it is listed and every file it
 * matched.
 */
public final class ReadParquetMacro implements TableMacro {
  public static final String NAME = "read_parquet";

  private final Path root;
  private final BasaltEngine engine;
  private final PathSandbox sandbox;

  public ReadParquetMacro(Path root, BasaltEngine engine, PathSandbox sandbox) {
    this.root = root;
    this.engine = engine;
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
          "read_parquet expects a file path or glob as a string literal, e.g. read_parquet('data/*.parquet'), got "
              + (glob == null ? "null" : glob.getClass().getSimpleName() + " " + glob));
    }
    String pattern = glob.toString();
    sandbox.checkPattern(pattern, root);
    return new ParquetTable(engine, () -> {
      ParquetDataset dataset = ParquetDataset.ofGlob(pattern, root, engine.metadataCache());
      for (ParquetDataset.DataFile file : dataset.files()) {
        sandbox.checkFile(pattern, file.path());
      }
      return dataset;
    });
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return List.of(new FunctionParameter() {
      @Override
      public int getOrdinal() {
        return 0;
      }

      @Override
      public String getName() {
        return "path";
      }

      @Override
      public RelDataType getType(RelDataTypeFactory typeFactory) {
        // A Java type, so that Calcite hands the literal to apply() as a String.
        return typeFactory instanceof org.apache.calcite.adapter.java.JavaTypeFactory java
            ? java.createType(String.class) : typeFactory.createSqlType(SqlTypeName.VARCHAR);
      }

      @Override
      public boolean isOptional() {
        return false;
      }
    });
  }
}
