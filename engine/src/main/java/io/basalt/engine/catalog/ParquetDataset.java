package io.basalt.engine.catalog;

import io.basalt.engine.format.parquet.ParquetColumn;
import io.basalt.engine.format.parquet.ParquetException;
import io.basalt.engine.format.parquet.ParquetFileMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A queryable set of Parquet files: one file, a directory tree (with hive partitions), or a glob.
 * Its schema is the union of the files' columns merged by name (first-seen order), then the
 * partition columns. A column missing from some files reads as NULL there; the same name with
 * different types in two files is an error naming both files.
 *
 * <p>A hive-partitioned dataset takes its file columns from its first file, as DuckDB and Spark
 * do, and reads the other footers only when a scan opens their files: files that a partition
 * predicate rules out are never opened. A later file whose column has another type fails the scan
 * that opens it, naming both files; its extra columns are not part of the table.
 */
public final class ParquetDataset {
  /**
   * One file of the dataset with its partition values (dataset column order) and its footer, read
   * on first use through the engine's footer cache.
   */
  public static final class DataFile {
    private final Path path;
    private final List<Object> partitionValues;
    private final MetadataCache cache;
    private volatile ParquetFileMetadata metadata;

    DataFile(Path path, ParquetFileMetadata metadata, List<Object> partitionValues,
        MetadataCache cache) {
      this.path = path;
      this.metadata = metadata;
      this.partitionValues = partitionValues;
      this.cache = cache;
    }

    public Path path() {
      return path;
    }

    public List<Object> partitionValues() {
      return partitionValues;
    }

    /**
     * The file's footer; read now if it was not yet.
     *
     * @throws UncheckedIOException wrapping the {@link ParquetException} that names the file when
     *     it cannot be read
     */
    public ParquetFileMetadata metadata() {
      ParquetFileMetadata m = metadata;
      if (m == null) {
        try {
          m = cache.footer(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e.getMessage(), e);
        }
        metadata = m;
      }
      return m;
    }

    /** Whether the footer has been read (the file opened). */
    public boolean footerRead() {
      return metadata != null;
    }
  }

  /** A leaf partition folder whose files are listed when a scan first needs them. */
  private static final class LazyPartition {
    final Path dir;
    final List<Object> values;
    volatile List<DataFile> files;

    LazyPartition(Path dir, List<Object> values) {
      this.dir = dir;
      this.values = values;
    }
  }

  /** The files a scan reads, and how many partition folders it never listed. */
  public record Listing(List<DataFile> files, int partitionsTotal, int partitionsSkipped) {}

  private final String name;
  /** Every file; for a lazily listed partition tree, null until something asks for all. */
  private volatile List<DataFile> files;
  private final List<DatasetColumn> columns;
  /** Whether footers other than the first are read only when a scan opens their files. */
  private final boolean lazyFooters;
  /** The leaf partition folders of a lazily listed tree; null otherwise. */
  private final List<LazyPartition> partitions;
  /** The table's root folder (for listing partitions). */
  private final Path root;
  /** The file whose footer gave the columns, when footers are lazy. */
  private final DataFile schemaFile;
  private final java.util.Map<Integer, Long> distinctBounds = new java.util.concurrent.ConcurrentHashMap<>();

  private ParquetDataset(String name, List<DataFile> files, List<DatasetColumn> columns,
      boolean lazyFooters) {
    this.lazyFooters = lazyFooters;
    this.name = name;
    this.files = List.copyOf(files);
    this.columns = List.copyOf(columns);
    this.partitions = null;
    this.root = null;
    this.schemaFile = files.isEmpty() ? null : files.get(0);
  }

  private ParquetDataset(String name, Path root, List<LazyPartition> partitions,
      List<DatasetColumn> columns, DataFile schemaFile) {
    this.lazyFooters = true;
    this.name = name;
    this.files = null;
    this.columns = List.copyOf(columns);
    this.partitions = List.copyOf(partitions);
    this.root = root;
    this.schemaFile = schemaFile;
  }

  /**
   * A hive partition tree: columns from the first file, partition values from the folder names;
   * leaf folders are listed only when a scan needs them.
   */
  private static ParquetDataset partitionTree(String name, Path root, Path first,
      List<PartitionTree.Leaf> leaves, MetadataCache cache) throws IOException {
    ParquetFileMetadata footer = cache.footer(first);
    List<DatasetColumn> columns = new ArrayList<>();
    for (ParquetColumn c : footer.columns()) {
      columns.add(new DatasetColumn(c.name(), c.arrowField() == null ? null : nullable(c.arrowField()),
          c.unsupportedReason(), false));
    }
    List<String> keys = new ArrayList<>(PartitionValues.parse(root, first).keySet());
    List<List<Object>> values = new ArrayList<>();
    for (int l = 0; l < leaves.size(); l++) {
      values.add(new ArrayList<>());
    }
    for (int k = 0; k < keys.size(); k++) {
      String key = keys.get(k);
      if (footer.column(key) != null) {
        throw new ParquetException(root, "partition key '" + key + "' is also a column inside the files");
      }
      List<String> raw = new ArrayList<>();
      for (PartitionTree.Leaf leaf : leaves) {
        raw.add(leaf.rawValues().get(k));
      }
      ArrowType type = PartitionValues.inferType(raw);
      List<Object> converted = PartitionValues.convert(raw, type);
      for (int l = 0; l < leaves.size(); l++) {
        values.get(l).add(converted.get(l));
      }
      columns.add(new DatasetColumn(key, new Field(key, FieldType.nullable(type), null), null, true));
    }
    List<LazyPartition> partitions = new ArrayList<>();
    DataFile schemaFile = null;
    for (int l = 0; l < leaves.size(); l++) {
      partitions.add(new LazyPartition(leaves.get(l).dir(), values.get(l)));
      if (first.startsWith(leaves.get(l).dir())) {
        schemaFile = new DataFile(first, footer, values.get(l), cache);
      }
    }
    return new ParquetDataset(name, root, partitions, columns, schemaFile);
  }

  /** A dataset over one {@code .parquet} file or every Parquet file below a directory. */
  public static ParquetDataset ofPath(String name, Path fileOrDirectory, MetadataCache cache)
      throws IOException {
    Path root = fileOrDirectory.toAbsolutePath().normalize();
    if (!Files.exists(root)) {
      throw new ParquetException(root, "no such file or directory");
    }
    List<Path> paths;
    if (Files.isDirectory(root)) {
      Path first = PartitionTree.firstDataFile(root, root);
      List<PartitionTree.Leaf> leaves = first == null ? null : PartitionTree.leaves(root, first);
      if (leaves != null && leaves.size() > 1) {
        return partitionTree(name, root, first, leaves, cache);
      }
      try (Stream<Path> walk = Files.walk(root)) {
        paths = walk.filter(p -> isDataFile(root, p)).sorted().toList();
      } catch (UncheckedIOException e) {
        throw new ParquetException(root, "cannot list directory: " + e.getCause().getMessage(), e);
      }
    } else {
      paths = List.of(root);
    }
    return build(name, Files.isDirectory(root) ? root : root.getParent(), paths, cache);
  }

  /**
   * A dataset over the files matching {@code glob} ({@code *}, {@code ?}, {@code **}, {@code
   * [..]}, {@code {a,b}}); a relative glob is resolved against {@code baseDirectory}. Hive
   * partitions are taken from the directories below the glob's fixed prefix.
   */
  public static ParquetDataset ofGlob(String glob, Path baseDirectory, MetadataCache cache)
      throws IOException {
    Path asPath = Path.of(glob);
    Path absolute = asPath.isAbsolute() ? asPath : baseDirectory.resolve(glob);
    String absoluteGlob = absolute.normalize().toString();
    if (!hasGlobChars(absoluteGlob)) {
      return ofPath(glob, Path.of(absoluteGlob), cache);
    }
    Path prefix = fixedPrefix(Path.of(absoluteGlob));
    if (!Files.isDirectory(prefix)) {
      throw new ParquetException(prefix, "no such directory (from pattern '" + glob + "')");
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absoluteGlob);
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(prefix)) {
      paths = walk.filter(p -> Files.isRegularFile(p) && matcher.matches(p)).sorted().toList();
    } catch (UncheckedIOException e) {
      throw new ParquetException(prefix, "cannot list directory: " + e.getCause().getMessage(), e);
    }
    if (paths.isEmpty()) {
      throw new ParquetException(prefix, "no files match '" + glob + "'");
    }
    return build(glob, prefix, paths, cache);
  }

  static boolean isDataFile(Path root, Path p) {
    if (!Files.isRegularFile(p)) {
      return false;
    }
    // Skip hidden and marker files (.crc, _SUCCESS, _metadata) anywhere below the root.
    for (Path part : root.relativize(p)) {
      String s = part.toString();
      if (s.startsWith(".") || s.startsWith("_")) {
        return false;
      }
    }
    return p.getFileName().toString().endsWith(".parquet");
  }

  private static boolean hasGlobChars(String s) {
    return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static Path fixedPrefix(Path glob) {
    Path prefix = glob.getRoot();
    for (Path part : glob) {
      if (hasGlobChars(part.toString())) {
        break;
      }
      prefix = prefix == null ? part : prefix.resolve(part);
    }
    // The last fixed component may be a file name; partitions live below a directory.
    return prefix != null && Files.isDirectory(prefix) ? prefix : Objects.requireNonNull(prefix).getParent();
  }

  private static ParquetDataset build(String name, Path root, List<Path> paths, MetadataCache cache)
      throws IOException {
    // Hive-partitioned: the first file gives the columns; the other footers wait for a scan.
    boolean lazy = paths.size() > 1 && !PartitionValues.parse(root, paths.get(0)).isEmpty();
    List<ParquetFileMetadata> footers = new ArrayList<>(paths.size());
    for (Path p : lazy ? paths.subList(0, 1) : paths) {
      footers.add(cache.footer(p));
    }
    // Merge file columns by name; remember which file introduced each one for error messages.
    Map<String, DatasetColumn> merged = new LinkedHashMap<>();
    Map<String, Path> firstSeen = new LinkedHashMap<>();
    for (ParquetFileMetadata footer : footers) {
      for (ParquetColumn c : footer.columns()) {
        DatasetColumn existing = merged.get(c.name());
        DatasetColumn incoming = new DatasetColumn(c.name(), c.arrowField(), c.unsupportedReason(), false);
        if (existing == null) {
          merged.put(c.name(), incoming);
          firstSeen.put(c.name(), footer.path());
        } else {
          merged.put(c.name(), mergeColumn(existing, incoming, firstSeen.get(c.name()), footer.path()));
        }
      }
    }
    // A column absent from some file reads as NULL there; with lazy footers any file may lack one.
    if (lazy) {
      for (Map.Entry<String, DatasetColumn> e : merged.entrySet()) {
        if (e.getValue().field() != null) {
          e.setValue(new DatasetColumn(e.getKey(), nullable(e.getValue().field()), null, false));
        }
      }
    }
    for (ParquetFileMetadata footer : footers) {
      for (Map.Entry<String, DatasetColumn> e : merged.entrySet()) {
        if (footer.column(e.getKey()) == null && e.getValue().field() != null) {
          e.setValue(new DatasetColumn(e.getKey(), nullable(e.getValue().field()), null, false));
        }
      }
    }
    // Partition columns.
    List<Map<String, String>> rawPartitions = new ArrayList<>();
    List<String> keys = null;
    for (Path p : paths) {
      Map<String, String> values = PartitionValues.parse(root, p);
      if (keys == null) {
        keys = new ArrayList<>(values.keySet());
      } else if (!keys.equals(new ArrayList<>(values.keySet()))) {
        throw new ParquetException(p, "partition directories " + values.keySet()
            + " differ from " + keys + " of " + paths.get(0) + "; every file of a table must sit"
            + " under the same key=value levels");
      }
      rawPartitions.add(values);
    }
    List<DatasetColumn> columns = new ArrayList<>(merged.values());
    List<List<Object>> partitionValues = new ArrayList<>();
    for (int f = 0; f < paths.size(); f++) {
      partitionValues.add(new ArrayList<>());
    }
    for (String key : keys == null ? List.<String>of() : keys) {
      if (merged.containsKey(key)) {
        throw new ParquetException(root, "partition key '" + key + "' is also a column inside the files");
      }
      List<String> raw = new ArrayList<>();
      for (Map<String, String> m : rawPartitions) {
        raw.add(m.get(key));
      }
      ArrowType type = PartitionValues.inferType(raw);
      List<Object> converted = PartitionValues.convert(raw, type);
      for (int f = 0; f < paths.size(); f++) {
        partitionValues.get(f).add(converted.get(f));
      }
      columns.add(new DatasetColumn(key, new Field(key, FieldType.nullable(type), null), null, true));
    }
    List<DataFile> files = new ArrayList<>();
    for (int f = 0; f < paths.size(); f++) {
      files.add(new DataFile(paths.get(f), f < footers.size() ? footers.get(f) : null,
          partitionValues.get(f), cache));
    }
    return new ParquetDataset(name, files, columns, lazy);
  }

  private static DatasetColumn mergeColumn(DatasetColumn a, DatasetColumn b, Path aFile, Path bFile)
      throws ParquetException {
    if (!a.isSupported()) {
      return a;
    }
    if (!b.isSupported()) {
      return b;
    }
    if (!a.field().getType().equals(b.field().getType())) {
      throw new ParquetException(bFile, "column '" + a.name() + "' has type " + b.field().getType()
          + " here but " + a.field().getType() + " in " + aFile
          + "; files of one table must agree on column types (cast when writing, or query them separately)");
    }
    return a.field().isNullable() || !b.field().isNullable() ? a : b;
  }

  private static Field nullable(Field f) {
    return f.isNullable() ? f : new Field(f.getName(), FieldType.nullable(f.getType()), f.getChildren());
  }

  public String name() {
    return name;
  }

  /** Every file of the dataset (a lazily listed partition tree is listed in full now). */
  public List<DataFile> files() {
    List<DataFile> all = files;
    if (all == null) {
      all = listing(values -> true).files();
      files = all;
    }
    return all;
  }

  /**
   * The files of the partitions whose values {@code partitionsMayMatch} accepts (values in
   * partition column order); other partition folders are not listed. For a dataset that is not
   * a lazily listed tree, every file.
   */
  public Listing listing(java.util.function.Predicate<List<Object>> partitionsMayMatch) {
    if (partitions == null) {
      return new Listing(files, 0, 0);
    }
    List<DataFile> out = new ArrayList<>();
    int skipped = 0;
    for (LazyPartition p : partitions) {
      if (!partitionsMayMatch.test(p.values)) {
        skipped++;
        continue;
      }
      out.addAll(partitionFiles(p));
    }
    return new Listing(out, partitions.size(), skipped);
  }

  private List<DataFile> partitionFiles(LazyPartition p) {
    List<DataFile> listed = p.files;
    if (listed == null) {
      List<DataFile> made = new ArrayList<>();
      for (Path f : PartitionTree.files(root, p.dir)) {
        made.add(schemaFile != null && f.equals(schemaFile.path()) ? schemaFile
            : new DataFile(f, null, p.values, schemaFile.cache));
      }
      listed = List.copyOf(made);
      p.files = listed;
    }
    return listed;
  }

  public List<DatasetColumn> columns() {
    return columns;
  }

  /** Index of the column named exactly {@code columnName}, or -1. */
  public int columnIndex(String columnName) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(columnName)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * An upper bound on the number of distinct non-null values of column {@code columnIndex}, for
   * the planner's cardinality estimates: exact for partition columns; {@code max - min + 1} from
   * the footers' statistics for INT32/INT64 columns (integers, dates, small decimals); otherwise,
   * or when any row group lacks statistics, the row count.
   */
  public long distinctValuesBound(int columnIndex) {
    Long cached = distinctBounds.get(columnIndex);
    if (cached == null) {
      cached = Math.min(rowCount(), computeDistinctBound(columnIndex));
      distinctBounds.put(columnIndex, cached);
    }
    return cached;
  }

  private long computeDistinctBound(int columnIndex) {
    DatasetColumn column = columns.get(columnIndex);
    if (column.partition()) {
      int ordinal = partitionOrdinal(columnIndex);
      java.util.Set<Object> values = new java.util.HashSet<>();
      if (partitions != null) {
        for (LazyPartition p : partitions) {
          if (p.values.get(ordinal) != null) {
            values.add(p.values.get(ordinal));
          }
        }
        return values.size();
      }
      for (DataFile f : files) {
        if (f.partitionValues().get(ordinal) != null) {
          values.add(f.partitionValues().get(ordinal));
        }
      }
      return values.size();
    }
    if (lazyFooters) {
      return Long.MAX_VALUE; // would open every file; the row count bounds it instead
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (DataFile f : files) {
      ParquetColumn pc = f.metadata().column(column.name());
      if (pc == null) {
        continue; // all NULL in this file: no distinct values added
      }
      if (!pc.isSupported()) {
        return Long.MAX_VALUE;
      }
      org.apache.parquet.format.Type physical = pc.element().getType();
      if (physical != org.apache.parquet.format.Type.INT32
          && physical != org.apache.parquet.format.Type.INT64) {
        return Long.MAX_VALUE;
      }
      for (org.apache.parquet.format.RowGroup rg : f.metadata().thrift().getRow_groups()) {
        if (rg.getNum_rows() == 0) {
          continue;
        }
        org.apache.parquet.format.ColumnMetaData meta = rg.getColumns().get(pc.leafIndex()).getMeta_data();
        org.apache.parquet.format.Statistics stats = meta == null ? null : meta.getStatistics();
        if (stats != null && stats.isSetNull_count() && stats.getNull_count() == rg.getNum_rows()) {
          continue; // an all-null chunk has no min/max and adds no values
        }
        byte[] lo = stats == null ? null : stats.isSetMin_value() ? stats.getMin_value() : stats.getMin();
        byte[] hi = stats == null ? null : stats.isSetMax_value() ? stats.getMax_value() : stats.getMax();
        if (lo == null || hi == null || lo.length < 4 || hi.length < 4) {
          return Long.MAX_VALUE;
        }
        min = Math.min(min, littleEndian(lo));
        max = Math.max(max, littleEndian(hi));
      }
    }
    if (min > max) {
      return 0;
    }
    long span = max - min;
    return span < 0 || span == Long.MAX_VALUE ? Long.MAX_VALUE : span + 1;
  }

  /**
   * Where partition column {@code columnIndex}'s value sits in each file's {@link
   * DataFile#partitionValues()} (which hold partition columns only, in dataset order); -1 for a
   * file column.
   */
  public int partitionOrdinal(int columnIndex) {
    if (!columns.get(columnIndex).partition()) {
      return -1;
    }
    int ordinal = 0;
    for (int c = 0; c < columnIndex; c++) {
      if (columns.get(c).partition()) {
        ordinal++;
      }
    }
    return ordinal;
  }

  /** A PLAIN-encoded INT32 (4 bytes) or INT64 (8 bytes) statistics value. */
  private static long littleEndian(byte[] b) {
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    return b.length >= 8 ? buf.getLong() : buf.getInt();
  }

  /**
   * The number of rows; for a hive-partitioned dataset whose files have not all been opened, an
   * estimate from the first file's rows per byte and the files' sizes (for the planner only).
   */
  public long rowCount() {
    if (files == null) {
      // Unlisted partitions count as one file like the first; listed ones as below.
      long n = 0;
      for (LazyPartition p : partitions) {
        List<DataFile> listed = p.files;
        if (listed == null) {
          n += schemaFile.metadata().rowCount();
        } else {
          for (DataFile f : listed) {
            n += estimatedRows(f);
          }
        }
      }
      return n;
    }
    long n = 0;
    boolean exact = true;
    for (DataFile f : files) {
      if (f.footerRead()) {
        n += f.metadata().rowCount();
      } else {
        exact = false;
      }
    }
    if (exact) {
      return n;
    }
    long estimate = 0;
    for (DataFile f : files) {
      estimate += estimatedRows(f);
    }
    return estimate;
  }

  /** A file's rows: exact once its footer is read, else from its size at the first file's rate. */
  private long estimatedRows(DataFile f) {
    if (f.footerRead()) {
      return f.metadata().rowCount();
    }
    ParquetFileMetadata first = schemaFile.metadata();
    double rowsPerByte = first.rowCount() / (double) Math.max(1, first.fileSize());
    try {
      return (long) (Files.size(f.path()) * rowsPerByte);
    } catch (IOException e) {
      return first.rowCount(); // vanished or unreadable: the scan will say so
    }
  }

  /**
   * Checks that a file opened by a scan agrees with the dataset's column types (they come from
   * the first file when footers are read lazily).
   *
   * @throws ParquetException naming both files when a column has another type
   */
  public void checkFileSchema(DataFile file) throws ParquetException {
    if (!lazyFooters || file == schemaFile) {
      return;
    }
    for (DatasetColumn c : columns) {
      if (c.partition() || c.field() == null) {
        continue;
      }
      ParquetColumn pc = file.metadata().column(c.name());
      if (pc != null && pc.isSupported() && !pc.arrowField().getType().equals(c.field().getType())) {
        throw new ParquetException(file.path(), "column '" + c.name() + "' has type "
            + pc.arrowField().getType() + " here but " + c.field().getType() + " in "
            + schemaFile.path() + "; files of one table must agree on column types");
      }
    }
  }
}
