package io.basalt.spark;

import io.basalt.engine.catalog.DatasetColumn;
import io.basalt.engine.catalog.ParquetDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Basalt's tables as Spark temporary views: a Parquet source over the same files (hive {@code
 * key=value} folders give the same partition columns, cast to Basalt's types). A view's name is a
 * digest of its files, sizes and modification times, so that every connection sharing a session
 * reuses it while the files are unchanged, and a changed table gets a new view.
 */
final class SparkTables {
  /** The views registered in each session (a new session, after a server restart, has none). */
  private static final Map<SparkSession, Set<String>> REGISTERED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private SparkTables() {}

  /**
   * A table the translated query reads: the view of the columns it projects (in that order) over
   * the view of the whole table, and the dataset behind them.
   */
  record Source(String view, String tableView, ParquetDataset dataset, RelDataType rowType,
      int[] projection) {}

  /** The source for {@code projection} of {@code dataset}, named for its current files. */
  static Source source(ParquetDataset dataset, RelDataType rowType, int[] projection) {
    StringBuilder key = new StringBuilder();
    for (ParquetDataset.DataFile file : dataset.files()) {
      Path p = file.path();
      key.append(p).append('|');
      try {
        key.append(Files.size(p)).append('|').append(Files.getLastModifiedTime(p).toMillis());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
      }
      key.append('\n');
    }
    String name = dataset.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String table = "basalt_" + name + "_" + digest(key.toString());
    boolean identity = projection.length == rowType.getFieldCount();
    for (int i = 0; identity && i < projection.length; i++) {
      identity = projection[i] == i;
    }
    String view = identity ? table
        : table + "_" + digest(java.util.Arrays.toString(projection)).substring(0, 8);
    return new Source(view, table, dataset, rowType, projection.clone());
  }

  /** Registers {@code source}'s views in {@code session} unless they are there already. */
  static void register(SparkSession session, Source source) {
    registerTable(session, source);
    Set<String> registered = registered(session);
    if (source.view().equals(source.tableView()) || registered.contains(source.view())) {
      return;
    }
    List<String> columns = new ArrayList<>();
    for (int c : source.projection()) {
      columns.add(quote(source.dataset().columns().get(c).name()));
    }
    synchronized (registered) {
      session.table(source.tableView()).selectExpr(columns.toArray(new String[0]))
          .createOrReplaceTempView(source.view());
      registered.add(source.view());
    }
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static Set<String> registered(SparkSession session) {
    return REGISTERED.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet());
  }

  private static void registerTable(SparkSession session, Source source) {
    Set<String> registered = registered(session);
    if (registered.contains(source.tableView())) {
      return;
    }
    // One registration at a time per session (a view is registered once), not across sessions.
    synchronized (registered) {
      if (registered.contains(source.tableView())) {
        return;
      }
      // SparkSqlTranslator refused tables without files, so there is at least one.
      List<String> files = new ArrayList<>();
      for (ParquetDataset.DataFile file : source.dataset().files()) {
        files.add(file.path().toUri().toString());
      }
      List<DatasetColumn> columns = source.dataset().columns();
      // Each column Spark has a type for: its schema entry, and its select item (partition
      // columns cast: Spark infers their types from the folder names, Basalt's are the truth).
      // A column it has none for (TIME) is left out; no query that reads it is translated.
      List<String> typed = new ArrayList<>();
      List<String> select = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        RelDataType type = source.rowType().getFieldList().get(i).getType();
        if (!SparkTypes.supported(type)) {
          continue;
        }
        String quoted = quote(columns.get(i).name());
        typed.add(quoted + " " + SparkTypes.name(type));
        select.add(columns.get(i).partition()
            ? "CAST(" + quoted + " AS " + SparkTypes.name(type) + ") AS " + quoted : quoted);
      }
      var reader = session.read();
      if (typed.size() < columns.size()) {
        // Spark cannot infer a schema holding a type it lacks: it is given the others'.
        reader = reader.schema(String.join(", ", typed));
      }
      if (columns.stream().anyMatch(DatasetColumn::partition)) {
        reader = reader.option("basePath", partitionBase(source.dataset().files().get(0).path())
            .toUri().toString());
      }
      Dataset<Row> frame = reader.parquet(files.toArray(new String[0]));
      frame.selectExpr(select.toArray(new String[0])).createOrReplaceTempView(source.tableView());
      registered.add(source.tableView());
    }
  }

  /** The folder above the first {@code key=value} folder on {@code file}'s path. */
  static Path partitionBase(Path file) {
    Path dir = file.getParent();
    Path base = dir;
    while (dir != null && dir.getFileName() != null && dir.getFileName().toString().contains("=")) {
      dir = dir.getParent();
      base = dir;
    }
    return base;
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
