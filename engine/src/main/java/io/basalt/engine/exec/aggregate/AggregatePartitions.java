package io.basalt.engine.exec.aggregate;

import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.spill.SpillFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The spill files of one partitioning pass of a hash aggregation: groups are written, as their
 * keys and partial states (not results), to one of {@value #COUNT} files chosen by {@value #BITS}
 * bits of their key hash. Pass {@code level} uses bits {@code [BITS·level, BITS·(level+1))} from
 * the low end, so a partition that is still too large splits again with fresh bits, while the
 * group table, which indexes slots by the hash's high bits, stays evenly filled. Every group of one
 * key lands in one file whichever worker spilled it, so partitions aggregate independently.
 * Thread-safe: workers spill into the same files.
 */
final class AggregatePartitions {
  static final int BITS = 5;
  static final int COUNT = 1 << BITS;
  /** The last pass: it splits by the hash's last four bits; no further bits are left. */
  static final int MAX_LEVEL = 12;
  /**
   * Bytes a worker keeps booked beyond its table, so that the batches it writes when it spills
   * (Arrow vectors, compressed buffers) have room: 1/32 of the memory limit, from 64 KB to 2 MB.
   */
  static long headroom(ExecContext context) {
    return Math.max(64L << 10, Math.min(2L << 20, context.allocator().getLimit() / 32));
  }

  private final Schema stateSchema;
  private final int keyCount;
  private final int level;
  private final ExecContext context;
  private final String label;
  private final SpillStats stats;
  private final SpillFile[] files = new SpillFile[COUNT];

  /** Counters for EXPLAIN ANALYZE, shared by every pass of one operator. */
  static final class SpillStats {
    final AtomicLong rows = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong files = new AtomicLong();
    final AtomicInteger passes = new AtomicInteger();
  }

  AggregatePartitions(Schema stateSchema, int keyCount, int level, ExecContext context,
      String label, SpillStats stats) {
    if (level > MAX_LEVEL) {
      throw new IllegalArgumentException("partition level " + level);
    }
    this.stateSchema = stateSchema;
    this.keyCount = keyCount;
    this.level = level;
    this.context = context;
    this.label = label;
    this.stats = stats;
    stats.passes.accumulateAndGet(level + 1, Math::max);
  }

  /** The partition of a group with key hash {@code hash} at pass {@code level}. */
  static int partition(long hash, int level) {
    return (int) (hash >>> (BITS * level)) & (COUNT - 1);
  }

  /**
   * Writes every group of {@code table} with its states in {@code accs} (null entries have no
   * state) to its partition's file. The caller then drops the table.
   */
  void spill(GroupHashTable table, Accumulator[] accs) {
    int groups = table.groupCount();
    if (groups == 0) {
      return;
    }
    int[] counts = new int[COUNT + 1];
    int[] part = new int[groups];
    for (int g = 0; g < groups; g++) {
      int p = partition(table.hashOf(g), level);
      part[g] = p;
      counts[p + 1]++;
    }
    for (int p = 0; p < COUNT; p++) {
      counts[p + 1] += counts[p];
    }
    int[] order = new int[groups];
    int[] fill = counts.clone();
    for (int g = 0; g < groups; g++) {
      order[fill[part[g]]++] = g;
    }
    long bytesPerGroup = 1 + bytes(table, accs) / groups;
    int step = (int) Math.max(64, Math.min(Math.max(64, context.batchRows()),
        headroom(context) / 4 / bytesPerGroup));
    Col[] keys = table.keys();
    for (int p = 0; p < COUNT; p++) {
      int end = counts[p + 1];
      if (counts[p] == end) {
        continue;
      }
      SpillFile file = file(p);
      for (int from = counts[p]; from < end; from += step) {
        context.checkCancelled();
        int count = Math.min(step, end - from);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(stateSchema, context.allocator())) {
          for (int k = 0; k < keyCount; k++) {
            ColumnIO.write(keys[k], order, from, count, root.getVector(k));
          }
          int col = keyCount;
          for (Accumulator acc : accs) {
            if (acc == null) {
              continue;
            }
            for (Col c : acc.exportState(order, from, count)) {
              ColumnIO.write(c, null, 0, count, root.getVector(col++));
            }
          }
          root.setRowCount(count);
          file.write(root);
        }
      }
    }
    stats.rows.addAndGet(groups);
  }

  /**
   * What a table and its states must book: their arrays plus half again. Arrays grow by doubling,
   * and while one is copied the old and the new one both live, so a table booked at its exact size
   * would overshoot its reservation on the Java heap at every growth (a heap of twice the
   * memory_limit still ran out in the 10 M-group test).
   */
  static long booked(GroupHashTable table, Accumulator[] accs) {
    long b = bytes(table, accs);
    return b + b / 2;
  }

  static long bytes(GroupHashTable table, Accumulator[] accs) {
    long b = table.bytes();
    for (Accumulator a : accs) {
      if (a != null) {
        b += a.bytes();
      }
    }
    return b;
  }

  private synchronized SpillFile file(int p) {
    if (files[p] == null) {
      files[p] = context.spill().newFile(label + "-pass" + level + "-part" + p, stateSchema);
      stats.files.incrementAndGet();
    }
    return files[p];
  }

  /** Ends writing; returns the files that got groups, each a partition to aggregate on its own. */
  synchronized List<SpillFile> finish() {
    List<SpillFile> out = new ArrayList<>();
    for (SpillFile f : files) {
      if (f != null) {
        f.finish();
        stats.bytes.addAndGet(f.bytes());
        out.add(f);
      }
    }
    return out;
  }
}
