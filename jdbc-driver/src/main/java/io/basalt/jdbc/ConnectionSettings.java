package io.basalt.jdbc;

import io.basalt.engine.EngineConfig;
import io.basalt.planner.catalog.PathSandbox;
import io.basalt.planner.offload.EngineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.calcite.avatica.BuiltInConnectionProperty;
import org.apache.calcite.config.CalciteConnectionProperty;

/**
 * Parses and validates a Basalt connection: {@code jdbc:basalt:/data/dir;key=value;...} plus the
 * same keys as {@link Properties} (URL wins). Basalt's keys:
 *
 * <ul>
 *   <li>{@code threads} — worker threads, a positive integer (default: available cores);
 *   <li>{@code memory_limit} — e.g. {@code 512MB}, {@code 4GB}, {@code 60%} of the JVM's maximum
 *       heap (default 60%);
 *   <li>{@code spill_dir} — directory for temporary spill files (default {@code
 *       java.io.tmpdir/basalt-spill});
 *   <li>{@code pushdown} — {@code true} (default) or {@code false}: whether scans skip files, row
 *       groups and pages by the query's predicates (off only to compare or diagnose).
 *   <li>{@code sandbox} — {@code true} confines the paths queries name ({@code read_parquet}) to
 *       the data folder and {@code allowed_roots} (default {@code false});
 *   <li>{@code allowed_roots} — further folders queries may read, separated by {@code ,}; implies
 *       {@code sandbox=true};
 *   <li>{@code read_only} — {@code true} refuses statements that write (default {@code false});
 *   <li>{@code engine} — {@code local} (default), {@code spark} or {@code auto}, and {@code
 *       spark_master}, {@code spark_remote}, {@code spark_threshold}: see {@link EngineSettings}
 *       (each also changes with {@code SET key = value}).
 * </ul>
 *
 * Calcite's own connection properties are accepted too; any other key is refused, so a typo never
 * silently falls back to a default.
 */
public final class ConnectionSettings {
  public static final String PREFIX = "jdbc:basalt:";
  static final String DATA = "data";
  static final String THREADS = "threads";
  static final String MEMORY_LIMIT = "memory_limit";
  static final String SPILL_DIR = "spill_dir";
  static final String MAX_TEMP_SIZE = "max_temp_size";
  static final String PUSHDOWN = "pushdown";
  static final String SANDBOX = "sandbox";
  static final String ALLOWED_ROOTS = "allowed_roots";
  static final String READ_ONLY = "read_only";

  private final Path dataRoot;
  private final EngineConfig engineConfig;
  private final Properties calciteProperties;
  private final PathSandbox sandbox;
  private final EngineSettings engineSettings;

  private ConnectionSettings(Path dataRoot, EngineConfig engineConfig, Properties calciteProperties,
      PathSandbox sandbox, EngineSettings engineSettings) {
    this.dataRoot = dataRoot;
    this.engineConfig = engineConfig;
    this.calciteProperties = calciteProperties;
    this.sandbox = sandbox;
    this.engineSettings = engineSettings;
  }

  /** Which engine runs the connection's queries, as the connection's properties set it. */
  public EngineSettings engineSettings() {
    return engineSettings;
  }

  /** Where query-named paths may point and whether writes are refused. */
  public PathSandbox sandbox() {
    return sandbox;
  }

  /** Whether statements that write files are refused ({@code read_only=true}). */
  public boolean readOnly() {
    return sandbox.isReadOnly();
  }

  public Path dataRoot() {
    return dataRoot;
  }

  public EngineConfig engineConfig() {
    return engineConfig;
  }

  /** Calcite's settings for Basalt's dialect, plus any Calcite property the user gave. */
  public Properties calciteProperties() {
    return calciteProperties;
  }

  /** Parses {@code url} and {@code info}; every problem is an SQLException naming the key. */
  public static ConnectionSettings parse(String url, Properties info) throws SQLException {
    if (!url.startsWith(PREFIX)) {
      throw new SQLException("not a Basalt URL: " + url + " (expected " + PREFIX + "/path/to/data)");
    }
    Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        values.put(key, info.getProperty(key));
      }
    }
    String rest = url.substring(PREFIX.length());
    String[] parts = rest.split(";");
    int first = 0;
    if (parts.length > 0 && !parts[0].contains("=")) {
      if (!parts[0].isBlank()) {
        values.put(DATA, parts[0].trim());
      }
      first = 1;
    }
    for (int i = first; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new SQLException("malformed connection property '" + part + "' in " + url
            + ": expected key=value");
      }
      values.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return fromValues(values);
  }

  private static ConnectionSettings fromValues(Map<String, String> values) throws SQLException {
    EngineConfig defaults = EngineConfig.defaults();
    String data = values.remove(DATA);
    if (data == null || data.isBlank()) {
      throw new SQLException("no data folder: use " + PREFIX + "/path/to/data");
    }
    Path root;
    try {
      root = Path.of(data).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new SQLException("invalid data folder '" + data + "': " + e.getMessage(), e);
    }
    if (!Files.isDirectory(root)) {
      throw new SQLException("data folder " + root + " does not exist or is not a directory");
    }
    int threads = defaults.threads();
    String t = values.remove(THREADS);
    if (t != null) {
      try {
        threads = Integer.parseInt(t.trim());
      } catch (NumberFormatException e) {
        threads = -1;
      }
      if (threads < 1 || threads > 1024) {
        throw new SQLException("invalid threads=" + t + ": expected an integer from 1 to 1024");
      }
    }
    long memory = defaults.memoryLimitBytes();
    String m = values.remove(MEMORY_LIMIT);
    if (m != null) {
      memory = parseSize(MEMORY_LIMIT, m);
    }
    Path spill = defaults.spillDir();
    String s = values.remove(SPILL_DIR);
    if (s != null) {
      try {
        spill = Path.of(s).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw new SQLException("invalid spill_dir '" + s + "': " + e.getMessage(), e);
      }
      if (Files.exists(spill) && !Files.isDirectory(spill)) {
        throw new SQLException("invalid spill_dir " + spill + ": exists and is not a directory");
      }
    }
    long maxTemp = 0;
    String mt = values.remove(MAX_TEMP_SIZE);
    if (mt != null) {
      if (mt.trim().endsWith("%")) {
        throw new SQLException("invalid " + MAX_TEMP_SIZE + "=" + mt
            + ": expected a size such as 10GB (a percentage of the heap means nothing for disk)");
      }
      maxTemp = parseSize(MAX_TEMP_SIZE, mt);
    }
    boolean pushdown = true;
    String pd = values.remove(PUSHDOWN);
    if (pd != null) {
      if (!pd.trim().equalsIgnoreCase("true") && !pd.trim().equalsIgnoreCase("false")) {
        throw new SQLException("invalid pushdown=" + pd + ": expected true or false");
      }
      pushdown = Boolean.parseBoolean(pd.trim());
    }
    PathSandbox sandbox = sandbox(root, values);
    EngineSettings engines = engineSettings(values);
    Properties calcite = dialect();
    Set<String> known = knownCalciteKeys();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      if (!known.contains(key.toLowerCase(Locale.ROOT))) {
        throw new SQLException("unknown connection property '" + key + "'; Basalt's are "
            + "threads, memory_limit, spill_dir, max_temp_size, pushdown, sandbox, allowed_roots,"
            + " read_only, engine, spark_master, spark_remote, spark_threshold"
            + " (and Calcite's connection properties)");
      }
      calcite.setProperty(key, e.getValue());
    }
    EngineConfig config;
    try {
      config = new EngineConfig(threads, memory, spill, pushdown, maxTemp);
    } catch (IllegalArgumentException e) {
      throw new SQLException("invalid connection settings: " + e.getMessage(), e);
    }
    return new ConnectionSettings(root, config, calcite, sandbox, engines);
  }

  private static EngineSettings engineSettings(Map<String, String> values) throws SQLException {
    EngineSettings settings = new EngineSettings();
    for (String key : new String[] {EngineSettings.ENGINE, EngineSettings.SPARK_MASTER,
        EngineSettings.SPARK_REMOTE, EngineSettings.SPARK_THRESHOLD}) {
      String value = values.remove(key);
      if (value != null) {
        try {
          settings.set(key, value, v -> io.basalt.planner.Sizes.parseAbsolute(key, v));
        } catch (IllegalArgumentException e) {
          throw new SQLException(e.getMessage(), e);
        }
      }
    }
    return settings;
  }

  private static PathSandbox sandbox(Path root, Map<String, String> values) throws SQLException {
    boolean restricted = parseBoolean(SANDBOX, values.remove(SANDBOX));
    boolean readOnly = parseBoolean(READ_ONLY, values.remove(READ_ONLY));
    String allowed = values.remove(ALLOWED_ROOTS);
    List<Path> roots = new ArrayList<>();
    if (allowed != null) {
      restricted = true;
      for (String part : allowed.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        try {
          roots.add(Path.of(part.trim()).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
          throw new SQLException("invalid allowed_roots entry '" + part + "': " + e.getMessage(), e);
        }
      }
    }
    if (!restricted) {
      return PathSandbox.unrestricted().withReadOnly(readOnly);
    }
    try {
      return PathSandbox.restricted(root, roots, readOnly);
    } catch (IOException e) {
      throw new SQLException("invalid allowed_roots: " + e.getMessage(), e);
    }
  }

  private static boolean parseBoolean(String key, String value) throws SQLException {
    if (value == null) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new SQLException("invalid " + key + "=" + value + ": expected true or false");
    };
  }

  /** Bytes from {@code 512MB}, {@code 1.5GB}, {@code 1024} (bytes), {@code 40%} (of max heap). */
  static long parseSize(String key, String text) throws SQLException {
    try {
      return io.basalt.planner.Sizes.parse(key, text);
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), e);
    }
  }

  /** Basalt's SQL dialect: case-insensitive unquoted identifiers kept as written, "quoted" ones exact. */
  private static Properties dialect() {
    Properties p = new Properties();
    p.setProperty(CalciteConnectionProperty.QUOTING.camelName(), "DOUBLE_QUOTE");
    p.setProperty(CalciteConnectionProperty.UNQUOTED_CASING.camelName(), "UNCHANGED");
    p.setProperty(CalciteConnectionProperty.QUOTED_CASING.camelName(), "UNCHANGED");
    p.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    p.setProperty(CalciteConnectionProperty.CONFORMANCE.camelName(), "LENIENT");
    p.setProperty(CalciteConnectionProperty.TYPE_SYSTEM.camelName(),
        "io.basalt.planner.BasaltTypeSystem#INSTANCE");
    p.setProperty(CalciteConnectionProperty.DEFAULT_NULL_COLLATION.camelName(), "LAST");
    p.setProperty(CalciteConnectionProperty.PARSER_FACTORY.camelName(), "io.basalt.sql.parser.impl.BasaltSqlParserImpl#FACTORY");
    return p;
  }

  private static Set<String> knownCalciteKeys() {
    Set<String> keys = new TreeSet<>();
    for (CalciteConnectionProperty p : CalciteConnectionProperty.values()) {
      keys.add(p.camelName().toLowerCase(Locale.ROOT));
    }
    for (BuiltInConnectionProperty p : BuiltInConnectionProperty.values()) {
      keys.add(p.camelName().toLowerCase(Locale.ROOT));
    }
    keys.add("user");
    keys.add("password");
    return keys;
  }
}
