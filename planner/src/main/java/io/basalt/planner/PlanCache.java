package io.basalt.planner;

import io.basalt.planner.catalog.CsvTable;
import io.basalt.planner.catalog.DataRootSchema;
import io.basalt.planner.catalog.ParquetTable;
import io.basalt.planner.catalog.PlanDependencies;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableModify;

/**
 * Prepared statements of one connection by SQL text, so that running the same text again (an
 * application's repeated query, a benchmark's runs) skips parsing, planning and code generation,
 * which cost tens to hundreds of milliseconds per statement.
 *
 * <p>Reuse is safe because a prepared statement is already meant to run many times, and because an
 * entry is used only while:
 *
 * <ul>
 *   <li>the key matches: the SQL text, the row class and row limit asked for, and the default
 *       schema (the rest of the planner's settings are fixed per connection, and so is this cache);
 *   <li>the files are as they were: the data root's listing and every file or folder of every table
 *       the planner loaded still have the recorded size and modification time ({@link
 *       PlanDependencies.Snapshot#isCurrent()}, checked on each reuse);
 *   <li>the plan reads only data-root tables: a plan over {@code read_parquet}/{@code read_csv}
 *       globs, {@code csv_rejects()}, information_schema or anything else this class cannot
 *       fingerprint is never cached.
 * </ul>
 *
 * <p>Size: system property {@value #MAX_SIZE_PROPERTY} (entries per connection, least recently
 * used dropped first; 0 turns the cache off), default {@value #DEFAULT_MAX_SIZE}.
 */
public final class PlanCache {
  /** System property: how many statements each connection keeps; 0 disables caching. */
  public static final String MAX_SIZE_PROPERTY = "basalt.planCache.maxSize";
  static final int DEFAULT_MAX_SIZE = 256;

  /** What must be equal for a prepared statement to be reused. */
  record Key(String sql, Type elementType, long maxRowCount, List<String> defaultSchema) {}

  private record Entry(CalcitePrepare.CalciteSignature<?> signature,
      PlanDependencies.Snapshot files) {}

  private final int maxSize;
  private final Map<Key, Entry> entries;
  private final java.util.concurrent.atomic.AtomicLong hits = new java.util.concurrent.atomic.AtomicLong();

  /** A cache of the size the system property says (read when the connection opens). */
  public PlanCache() {
    this(Integer.getInteger(MAX_SIZE_PROPERTY, DEFAULT_MAX_SIZE));
  }

  PlanCache(int maxSize) {
    this.maxSize = maxSize;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
        return size() > PlanCache.this.maxSize;
      }
    };
  }

  /** The cache of the connection whose root schema holds a Basalt data root, if caching is on. */
  static PlanCache of(CalcitePrepare.Context context) {
    CalciteSchema root = context.getRootSchema();
    CalciteSchema basalt = root == null ? null : root.getSubSchema(DataRootSchema.NAME, true);
    if (basalt == null || !(basalt.schema instanceof DataRootSchema data)) {
      return null;
    }
    PlanCache cache = data.planCache();
    return cache.maxSize > 0 ? cache : null;
  }

  /** The statement prepared for {@code key}, if any and its files are unchanged. */
  @SuppressWarnings("unchecked")
  <T> CalcitePrepare.CalciteSignature<T> get(Key key) {
    Entry entry;
    synchronized (entries) {
      entry = entries.get(key);
    }
    if (entry == null) {
      return null;
    }
    // Outside the lock: the check touches the file system.
    if (!entry.files().isCurrent()) {
      synchronized (entries) {
        entries.remove(key, entry);
      }
      return null;
    }
    hits.incrementAndGet();
    return (CalcitePrepare.CalciteSignature<T>) entry.signature();
  }

  /** Keeps {@code signature} for {@code key} if its plan reads only fingerprinted tables. */
  void put(Key key, CalcitePrepare.CalciteSignature<?> signature, RelNode plan,
      PlanDependencies dependencies) {
    if (!dependencies.cacheable() || !readsOnlyDataRootTables(plan)) {
      return;
    }
    Entry entry = new Entry(signature, dependencies.snapshot());
    synchronized (entries) {
      entries.put(key, entry);
    }
  }

  /** How many times a cached statement was reused (for tests and monitoring). */
  public long hits() {
    return hits.get();
  }

  /** How many statements are cached (for tests and monitoring). */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /**
   * Whether every table the plan reads is a Parquet or CSV table of the data root (whose files
   * {@link PlanDependencies} recorded), and the plan calls no table function and writes nothing.
   */
  static boolean readsOnlyDataRootTables(RelNode rel) {
    if (rel instanceof TableFunctionScan || rel instanceof TableModify) {
      return false;
    }
    if (rel.getTable() != null && rel.getTable().unwrap(ParquetTable.class) == null
        && rel.getTable().unwrap(CsvTable.class) == null) {
      return false;
    }
    for (RelNode input : rel.getInputs()) {
      if (!readsOnlyDataRootTables(input)) {
        return false;
      }
    }
    return true;
  }
}
