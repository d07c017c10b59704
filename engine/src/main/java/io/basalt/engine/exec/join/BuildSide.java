package io.basalt.engine.exec.join;

import io.basalt.engine.exec.BatchSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The materialized build side of one join execution (run state): all build rows in one batch (so
 * output gathers index a single vector per column), their keys as Java arrays and, for a hash join,
 * a chained hash table: {@code heads[bucket]} is the first row + 1 of the bucket's chain, {@code
 * next[row]} the next row + 1, 0 ending a chain. Rows whose {@code =} key is NULL are left out of
 * the table (they never match) but stay in {@link #rows} for outer joins.
 *
 * <p>For outer joins on the build side, {@link #matched} collects which build rows found a match:
 * probe copies only ever write 1 into it, and the copy that finishes last (the one whose
 * decrement of {@link #probing} reaches 0) reads it; the atomic decrement orders every other copy's
 * writes before that read.
 */
final class BuildSide implements AutoCloseable {
  final VectorSchemaRoot rows;
  final int count;
  final int[] keyCols;
  final JoinKeys.Kind[] kinds;
  final boolean[] nullSafe;
  /** Per key column: the values of every build row (null for BYTES columns). */
  final long[][] lo;
  final long[][] hi;
  final boolean[][] nulls;
  final long[] hashes;
  final boolean[] valid;
  final int[] heads;
  final int[] next;
  final int mask;
  /** Whether some build row has a NULL {@code =} key (NOT IN semantics). */
  final boolean hasNullKey;
  final byte[] matched;
  final AtomicInteger probing;

  private BuildSide(VectorSchemaRoot rows, int[] keyCols, JoinKeys.Kind[] kinds, boolean[] nullSafe,
      long[][] lo, long[][] hi, boolean[][] nulls, long[] hashes, boolean[] valid, boolean buildOuter,
      int probeCopies) {
    this.rows = rows;
    this.count = rows.getRowCount();
    this.keyCols = keyCols;
    this.kinds = kinds;
    this.nullSafe = nullSafe;
    this.lo = lo;
    this.hi = hi;
    this.nulls = nulls;
    this.hashes = hashes;
    this.valid = valid;
    this.matched = buildOuter ? new byte[count] : null;
    this.probing = new AtomicInteger(probeCopies);
    boolean anyNull = false;
    if (keyCols.length == 0) {
      heads = null;
      next = null;
      mask = 0;
    } else {
      // Load factor at most 1/2: short chains, and power-of-two buckets for a masked index.
      int buckets = Integer.highestOneBit(Math.max(16, count) * 2 - 1) << 1;
      if (buckets < 0 || buckets > (1 << 30)) {
        buckets = 1 << 30;
      }
      heads = new int[buckets];
      next = new int[count];
      mask = buckets - 1;
      // Inserting backwards keeps each chain in row order, so matches come out in build order.
      for (int r = count - 1; r >= 0; r--) {
        if (!valid[r]) {
          anyNull = true;
          continue;
        }
        int b = (int) hashes[r] & mask;
        next[r] = heads[b];
        heads[b] = r + 1;
      }
    }
    this.hasNullKey = anyNull;
  }

  /** One copy's share of the build input, with its batches' keys read in parallel. */
  static final class Sink implements BatchSink, AutoCloseable {
    private final int[] keyCols;
    private final JoinKeys.Kind[] kinds;
    private final boolean[] nullSafe;
    final List<VectorSchemaRoot> batches = new ArrayList<>();
    final List<JoinKeys.Keys> keys = new ArrayList<>();

    Sink(int[] keyCols, JoinKeys.Kind[] kinds, boolean[] nullSafe) {
      this.keyCols = keyCols;
      this.kinds = kinds;
      this.nullSafe = nullSafe;
    }

    @Override
    public void accept(VectorSchemaRoot batch) {
      if (batch.getRowCount() == 0) {
        batch.close();
        return;
      }
      batches.add(batch);
      if (keyCols.length > 0) {
        JoinKeys.Keys k = new JoinKeys.Keys(keyCols.length);
        JoinKeys.extract(batch, keyCols, kinds, nullSafe, k);
        keys.add(k);
      }
    }

    @Override
    public void close() {
      batches.forEach(VectorSchemaRoot::close);
      batches.clear();
      keys.clear();
    }
  }

  /**
   * Heap bytes of one build row's keys ({@link JoinKeys.Keys}: hash, validity, the values of each
   * column, null flags of null-safe ones). String keys are compared in the Arrow vectors.
   */
  static long keyBytesPerRow(JoinKeys.Kind[] kinds, boolean[] nullSafe) {
    long bytes = 9;
    for (int c = 0; c < kinds.length; c++) {
      bytes += switch (kinds[c]) {
        case LONG -> 8;
        case LONG2 -> 16;
        default -> 0;
      };
      if (nullSafe[c]) {
        bytes++;
      }
    }
    return bytes;
  }

  /** Heap bytes of one row in the table: its chain link, up to 4 buckets, a match flag. */
  static final long TABLE_BYTES_PER_ROW = 4 + 16 + 1;

  /** Memory released with this build side (its reservation), or null. */
  private AutoCloseable attached;

  /** Closes {@code resource} (e.g. the reservation booking this side's arrays) with this side. */
  void attach(AutoCloseable resource) {
    this.attached = resource;
  }

  /**
   * Concatenates the sinks' batches (closing them) and builds the table. The sinks are empty
   * afterwards, also on failure.
   */
  static BuildSide build(Sink[] sinks, Schema schema, BufferAllocator allocator, int[] keyCols,
      JoinKeys.Kind[] kinds, boolean[] nullSafe, boolean buildOuter, int probeCopies) {
    long total = 0;
    for (Sink s : sinks) {
      for (VectorSchemaRoot b : s.batches) {
        total += b.getRowCount();
      }
    }
    if (total > Integer.MAX_VALUE - 16) {
      for (Sink s : sinks) {
        s.close();
      }
      throw new IllegalStateException("join build side too large: " + total + " rows");
    }
    int n = (int) total;
    int k = keyCols.length;
    long[][] lo = new long[k][];
    long[][] hi = new long[k][];
    boolean[][] nulls = new boolean[k][];
    for (int c = 0; c < k; c++) {
      if (kinds[c] != JoinKeys.Kind.BYTES) {
        lo[c] = new long[n];
      }
      if (kinds[c] == JoinKeys.Kind.LONG2) {
        hi[c] = new long[n];
      }
      if (nullSafe[c]) {
        nulls[c] = new boolean[n];
      }
    }
    long[] hashes = new long[k == 0 ? 0 : n];
    boolean[] valid = new boolean[k == 0 ? 0 : n];
    VectorSchemaRoot all = VectorSchemaRoot.create(schema, allocator);
    try {
      int at = 0;
      for (Sink s : sinks) {
        for (int bi = 0; bi < s.batches.size(); bi++) {
          VectorSchemaRoot b = s.batches.get(bi);
          int rows = b.getRowCount();
          if (k > 0) {
            JoinKeys.Keys keys = s.keys.get(bi);
            System.arraycopy(keys.hashes, 0, hashes, at, rows);
            System.arraycopy(keys.valid, 0, valid, at, rows);
            for (int c = 0; c < k; c++) {
              if (lo[c] != null) {
                System.arraycopy(keys.lo[c], 0, lo[c], at, rows);
              }
              if (hi[c] != null) {
                System.arraycopy(keys.hi[c], 0, hi[c], at, rows);
              }
              if (nulls[c] != null) {
                System.arraycopy(keys.nulls[c], 0, nulls[c], at, rows);
              }
            }
          }
          at += rows;
        }
      }
      // Column by column, releasing each source column once appended keeps the peak near one copy.
      List<FieldVector> targets = all.getFieldVectors();
      for (int c = 0; c < targets.size(); c++) {
        FieldVector target = targets.get(c);
        List<FieldVector> sources = new ArrayList<>();
        for (Sink s : sinks) {
          for (VectorSchemaRoot b : s.batches) {
            sources.add(b.getVector(c));
          }
        }
        VectorConcat.concat(sources, n, target);
        for (FieldVector v : sources) {
          v.clear();
        }
      }
      all.setRowCount(n);
    } catch (RuntimeException | Error e) {
      all.close();
      throw e;
    } finally {
      for (Sink s : sinks) {
        s.close();
      }
    }
    return new BuildSide(all, keyCols, kinds, nullSafe, lo, hi, nulls, hashes, valid, buildOuter,
        probeCopies);
  }

  @Override
  public void close() {
    rows.close();
    if (attached != null) {
      try {
        attached.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      attached = null;
    }
  }
}
