package io.basalt.planner.catalog;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.basalt.engine.BasaltEngine;
import io.basalt.engine.catalog.ParquetDataset;
import io.basalt.engine.format.csv.CsvDataset;
import io.basalt.engine.format.csv.CsvFiles;
import io.basalt.engine.format.csv.CsvOptions;
import io.basalt.engine.format.csv.CsvRejects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The schema of one data root folder: each {@code name.parquet} file and each sub-directory {@code
 * name/} (scanned recursively, {@code key=value} levels becoming partition columns) is table {@code
 * name}; {@code read_parquet('glob')} reads any files below the root by pattern. CSV files ({@code
 * name.csv}, {@code name.tsv}, optionally {@code .gz}/{@code .zst}) and folders holding CSV but no
 * Parquet files are CSV tables; {@code read_csv('glob', ...)} reads CSV by pattern and {@code
 * csv_rejects()} lists the records CSV scans skipped.
 *
 * <p>A read-only schema refuses statements that write ({@code COPY ... TO}, {@code CREATE TABLE
 * AS}); the JDBC connection property {@code read_only=true} makes one.
 */
public final class DataRootSchema extends AbstractSchema {
  /** The name under which the driver mounts this schema. */
  public static final String NAME = "basalt";

  private final Path root;
  private final BasaltEngine engine;
  private final PathSandbox sandbox;
  private final io.basalt.planner.offload.EngineSettings engineSettings;
  private final CsvRejects csvRejects = new CsvRejects();
  /** Statements prepared on this connection (one schema per connection), reused while fresh. */
  private final io.basalt.planner.PlanCache planCache = new io.basalt.planner.PlanCache();

  public DataRootSchema(Path root, BasaltEngine engine) {
    this(root, engine, PathSandbox.unrestricted());
  }

  /** A schema whose query-named paths are checked by {@code sandbox} (which also says read-only). */
  public DataRootSchema(Path root, BasaltEngine engine, PathSandbox sandbox) {
    this(root, engine, sandbox, new io.basalt.planner.offload.EngineSettings());
  }

  /** As above, with the connection's engine settings ({@code engine=spark}, ...). */
  public DataRootSchema(Path root, BasaltEngine engine, PathSandbox sandbox,
      io.basalt.planner.offload.EngineSettings engineSettings) {
    this.root = root.toAbsolutePath().normalize();
    this.engine = engine;
    this.sandbox = sandbox;
    this.engineSettings = engineSettings;
  }

  /** Which engine runs this connection's queries; {@code SET engine = ...} changes it. */
  public io.basalt.planner.offload.EngineSettings engineSettings() {
    return engineSettings;
  }

  /** Whether statements that write files are refused on this connection. */
  public boolean readOnly() {
    return sandbox.isReadOnly();
  }


  public Path root() {
    return root;
  }

  public BasaltEngine engine() {
    return engine;
  }

  /** The connection's cache of prepared statements. */
  public io.basalt.planner.PlanCache planCache() {
    return planCache;
  }

  /** Where query-named paths may point, and whether writes are allowed. */
  public PathSandbox sandbox() {
    return sandbox;
  }

  @Override
  public boolean isMutable() {
    return false;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    PlanDependencies.listing(root);
    Map<String, Table> tables = new LinkedHashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String fileName = entry.getFileName().toString();
        if (fileName.startsWith(".") || fileName.startsWith("_")) {
          continue;
        }
        if (!sandbox.allows(entry)) {
          continue; // a symlink out of the sandbox is not a table
        }
        if (Files.isDirectory(entry)) {
          tables.putIfAbsent(fileName, isCsvFolder(entry) ? csvTable(fileName, entry) : table(fileName, entry));
        } else if (CsvFiles.tableName(fileName) != null) {
          String name = CsvFiles.tableName(fileName);
          tables.putIfAbsent(name, csvTable(name, entry));
        } else if (fileName.endsWith(".parquet")) {
          String name = fileName.substring(0, fileName.length() - ".parquet".length());
          tables.putIfAbsent(name, table(name, entry));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list data folder " + root + ": " + e.getMessage(), e);
    }
    return tables;
  }

  private Table table(String name, Path path) {
    return new ParquetTable(engine, () -> {
      PlanDependencies.table(path);
      ParquetDataset dataset = ParquetDataset.ofPath(name, path, engine.metadataCache());
      if (sandbox.isRestricted()) {
        // A file linked in from outside the roots. (Lists every partition: safety over laziness.)
        for (ParquetDataset.DataFile file : dataset.files()) {
          sandbox.checkFile(name, file.path());
        }
      }
      return dataset;
    });
  }

  private Table csvTable(String name, Path path) {
    return new CsvTable(engine, () -> {
      PlanDependencies.table(path);
      return CsvDataset.open(name, Files.isDirectory(path) ? path : null, CsvFiles.ofPath(path),
          CsvOptions.defaults(), csvRejects);
    });
  }

  /** A folder is a CSV table when it holds CSV files and no Parquet file (hidden names aside). */
  private static boolean isCsvFolder(Path folder) {
    boolean csv = false;
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") || n.startsWith("_") || !Files.isRegularFile(p)) {
          continue;
        }
        if (n.endsWith(".parquet")) {
          return false;
        }
        csv |= CsvFiles.tableName(n) != null;
      }
    } catch (IOException | UncheckedIOException e) {
      return false; // the Parquet table reports the listing problem with its own message
    }
    return csv;
  }

  @Override
  protected Multimap<String, Function> getFunctionMultimap() {
    return ImmutableMultimap.of(ReadParquetMacro.NAME, new ReadParquetMacro(root, engine, sandbox),
        ReadCsvMacro.NAME, new ReadCsvMacro(root, engine, csvRejects, sandbox),
        CsvRejectsMacro.NAME, new CsvRejectsMacro(csvRejects));
  }
}
