package io.basalt.planner.catalog;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import io.basalt.engine.BasaltEngine;
import io.basalt.engine.catalog.ParquetDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The schema of one data root folder: each {@code name.parquet} file and each sub-directory {@code
 * name/} (scanned recursively, {@code key=value} levels becoming partition columns) is table {@code
 * name}; {@code read_parquet('glob')} reads any files below the root by pattern.
 */
public final class DataRootSchema extends AbstractSchema {
  /** The name under which the driver mounts this schema. */
  public static final String NAME = "basalt";

  private final Path root;
  private final BasaltEngine engine;
  private final PathSandbox sandbox;

  public DataRootSchema(Path root, BasaltEngine engine) {
    this(root, engine, PathSandbox.unrestricted());
  }

  /** A schema whose {@code read_parquet} paths are checked by {@code sandbox}. */
  public DataRootSchema(Path root, BasaltEngine engine, PathSandbox sandbox) {
    this.root = root.toAbsolutePath().normalize();
    this.engine = engine;
    this.sandbox = sandbox;
  }

  public Path root() {
    return root;
  }

  public BasaltEngine engine() {
    return engine;
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
          tables.putIfAbsent(fileName, table(fileName, entry));
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
      ParquetDataset dataset = ParquetDataset.ofPath(name, path, engine.metadataCache());
      for (ParquetDataset.DataFile file : dataset.files()) {
        sandbox.checkFile(name, file.path()); // a file linked in from outside the roots
      }
      return dataset;
    });
  }

  @Override
  protected Multimap<String, Function> getFunctionMultimap() {
    return ImmutableMultimap.of(ReadParquetMacro.NAME, new ReadParquetMacro(root, engine, sandbox));
  }
}
