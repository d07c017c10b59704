package io.basalt.engine.exec.join;

import io.basalt.engine.exec.ParquetScanNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.engine.pushdown.ValueDomain;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Where a hash join sends the keys of its build side: the probe side's Parquet scan whose column
 * flows unchanged into equi-key {@code key}. Once the build side is hashed, the scan gets the
 * predicate "column IN (build keys)" ({@link ScanPredicate.KeySet}) before it reads anything, so it
 * skips row groups and pages outside the keys' range and drops non-matching rows before decoding
 * the other columns (Trino's dynamic filtering, DuckDB's join filter pushdown).
 *
 * <p>Only for integer and date keys, and only for join types that never emit a probe row without
 * a match (the planner checks that every operator between scan and join keeps rows whose key
 * cannot match out of the result anyway).
 *
 * @param key the equi-key's position in the join's key lists
 * @param scan the scan to filter
 * @param datasetColumn the scan's dataset column that carries the key
 */
public record RuntimeFilter(int key, ParquetScanNode scan, int datasetColumn) {
  /**
   * Builds with more key rows than this, unless dense enough for a bitmap, filter by their range
   * only: the set lives on the Java heap, outside memory_limit, so a hash table is kept to at most
   * 2 M slots (16 MB).
   */
  static final int MAX_SET_SIZE = 1 << 20;

  /** Whether a key of this type can be filtered (integers and dates, read as longs). */
  public static boolean supportedType(ArrowType type) {
    return type instanceof ArrowType.Int i && i.getBitWidth() >= 32 && i.getIsSigned()
        || type instanceof ArrowType.Date d
            && d.getUnit() == org.apache.arrow.vector.types.DateUnit.DAY;
  }

  /** The predicate for {@code side}'s keys, or null when no build row can match anything. */
  ScanPredicate derive(BuildSide side) {
    long[] values = side.lo[key];
    boolean[] valid = side.valid;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    int rows = 0;
    for (int r = 0; r < side.count; r++) {
      if (valid[r]) {
        long v = values[r];
        min = Math.min(min, v);
        max = Math.max(max, v);
        rows++;
      }
    }
    if (rows == 0) {
      return null;
    }
    ValueDomain domain = scan.schema().getFields().isEmpty() ? ValueDomain.EXACT
        : domainOf(side);
    ScanPredicate.LongSet set = ScanPredicate.LongSet.of(values, valid, side.count, min, max,
        MAX_SET_SIZE);
    return new ScanPredicate.KeySet(datasetColumn, domain, min, max,
        set == null ? rows : set.size(), set);
  }

  private ValueDomain domainOf(BuildSide side) {
    ArrowType t = side.rows.getVector(side.keyCols[key]).getField().getType();
    return t instanceof ArrowType.Date ? ValueDomain.DATE : ValueDomain.EXACT;
  }

  /** Derives the filter from {@code side} and hands it to the scan for this execution. */
  void publish(QueryRun run, BuildSide side) {
    ScanPredicate p = derive(side);
    if (p != null) {
      run.addScanFilter(scan, p);
    }
  }
}
