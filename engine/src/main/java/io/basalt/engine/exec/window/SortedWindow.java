package io.basalt.engine.exec.window;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.join.JoinPartitions;
import io.basalt.engine.exec.sort.ExternalSorter;
import io.basalt.engine.exec.sort.RowSpace;
import io.basalt.engine.exec.sort.SortKey;
import io.basalt.engine.exec.sort.SortKeys;
import io.basalt.engine.exec.window.WindowFrame.BoundKind;
import io.basalt.engine.exec.window.WindowFunction.Kind;
import io.basalt.engine.memory.ArrowBytes;
import io.basalt.engine.memory.OperatorMemory;
import io.basalt.engine.spill.SpillFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Window evaluation for rows whose window partitions do not fit in memory: a single partition
 * larger than memory_limit, or a window without PARTITION BY. Group after group, the rows are
 * sorted on disk by the group's PARTITION BY and ORDER BY keys ({@link ExternalSorter}), numbered
 * by partition and peer group into a spill file, and streamed through a {@link StreamedWindow},
 * whose output feeds the next group's sort. Memory stays bounded by the sort's buffer and a batch
 * per cursor, whatever the partition's size; the price is a sort to disk and a few reads of the
 * sorted file per group.
 */
final class SortedWindow {
  /** Target Arrow bytes of a batch of the numbered file. */
  private static final long SLICE_BYTES = 128 << 10;
  private static final int MIN_SLICE_ROWS = 64;

  private SortedWindow() {}

  /**
   * Why {@code groups} cannot be streamed, as a phrase naming the first construct that is not
   * supported, or null when they all can.
   */
  static String unsupported(List<WindowGroup> groups, Schema schema) {
    for (WindowGroup g : groups) {
      WindowFrame frame = g.frame();
      boolean fromFirstRow = frame.lower().kind() == BoundKind.UNBOUNDED_PRECEDING;
      for (WindowFunction fn : g.functions()) {
        String name = fn.kind().name();
        if (fn.distinct()) {
          return name + "(DISTINCT ...)";
        }
        if (fn.ignoreNulls()) {
          return name + " ... IGNORE NULLS";
        }
        if (!fn.kind().framed()) {
          continue;
        }
        if (frame.rangeOffsets()) {
          return name + " over a RANGE frame with an offset (" + frame + ")";
        }
        if ((fn.kind() == Kind.MIN || fn.kind() == Kind.MAX) && !fromFirstRow) {
          return name + " over a frame that does not start at UNBOUNDED PRECEDING (" + frame
              + ")";
        }
        boolean sum = fn.kind() == Kind.SUM || fn.kind() == Kind.SUM0 || fn.kind() == Kind.AVG;
        if (sum && !fromFirstRow && fn.argument() >= 0 && schema.getFields().get(fn.argument())
            .getType() instanceof ArrowType.FloatingPoint) {
          return "floating-point " + name + " over a frame that does not start at UNBOUNDED "
              + "PRECEDING (" + frame + ")";
        }
      }
    }
    return null;
  }

  /**
   * Evaluates {@code groups} over {@code rows} (of {@code schema}; consumed and closed). The rows
   * are read and sorted for the first group before this returns; the returned stream yields the
   * input's columns followed by every group's results, in the last group's order, and deletes its
   * files when closed. The sorts' spill counters are added to {@code stats}.
   */
  static BatchStream evaluate(ExecContext context, OperatorMemory memory, BatchStream rows,
      Schema schema, List<WindowGroup> groups, String label, JoinPartitions.SpillStats stats)
      throws IOException {
    // One pass per distinct PARTITION BY and ORDER BY, its groups evaluated together; groups
    // without keys first, as they need no order at all.
    List<Pass> passOf = new ArrayList<>();
    for (WindowGroup g : groups) {
      passOf.add(new Pass(keys(g), g.partitionKeys().length));
    }
    Map<Pass, List<Integer>> passes = new LinkedHashMap<>();
    Pass unordered = new Pass(List.of(), 0);
    if (passOf.contains(unordered)) {
      passes.put(unordered, new ArrayList<>());
    }
    for (int g = 0; g < groups.size(); g++) {
      passes.computeIfAbsent(passOf.get(g), k -> new ArrayList<>()).add(g);
    }
    BatchStream source = rows;
    Schema s = schema;
    // The keys the rows are in order of: a streamed window keeps the order of its input.
    List<SortKey> sortedBy = List.of();
    // Where each group's first result column is in the passes' output.
    int[] firstColumn = new int[groups.size()];
    try {
      for (Map.Entry<Pass, List<Integer>> pass : passes.entrySet()) {
        List<SortKey> keys = pass.getKey().keys();
        List<WindowGroup> together = new ArrayList<>();
        List<Field> fields = new ArrayList<>(s.getFields());
        for (int g : pass.getValue()) {
          together.add(groups.get(g));
          firstColumn[g] = fields.size();
          for (WindowFunction fn : groups.get(g).functions()) {
            fields.add(fn.output());
          }
        }
        boolean sorted = keys.size() <= sortedBy.size()
            && sortedBy.subList(0, keys.size()).equals(keys);
        BatchStream in = source;
        source = null;
        Numbered numbered = sortAndNumber(context, memory, in, pass.getKey().partitionKeys(),
            keys, sorted, s, label, stats);
        if (!sorted) {
          sortedBy = keys;
        }
        source = new StreamedWindow(context, memory, together, numbered.file, s,
            numbered.maxBatchRows, numbered.maxBatchBytes);
        s = new Schema(fields);
      }
      // Back to the node's column order: the input, then each group's results in turn.
      int[] order = new int[s.getFields().size()];
      int next = 0;
      for (int c = 0; c < schema.getFields().size(); c++) {
        order[next++] = c;
      }
      for (int g = 0; g < groups.size(); g++) {
        for (int f = 0; f < groups.get(g).functions().size(); f++) {
          order[next++] = firstColumn[g] + f;
        }
      }
      BatchStream out = reordered(source, order);
      source = null;
      return out;
    } finally {
      if (source != null) {
        source.close();
      }
    }
  }

  /** Groups evaluated in one pass: the same sort keys, of which the first partition. */
  private record Pass(List<SortKey> keys, int partitionKeys) {}

  /** The sort keys of a group: its PARTITION BY columns, then its ORDER BY keys. */
  private static List<SortKey> keys(WindowGroup group) {
    List<SortKey> keys = new ArrayList<>();
    for (int c : group.partitionKeys()) {
      keys.add(SortKey.asc(c)); // any order groups a partition; only equality matters
    }
    keys.addAll(group.orderKeys());
    return keys;
  }

  /** {@code in} with its columns in {@code order} (column i is in's column order[i]). */
  private static BatchStream reordered(BatchStream in, int[] order) {
    boolean identity = true;
    for (int i = 0; i < order.length; i++) {
      identity &= order[i] == i;
    }
    if (identity) {
      return in;
    }
    return new BatchStream() {
      @Override
      public VectorSchemaRoot next() throws IOException {
        VectorSchemaRoot b = in.next();
        if (b == null) {
          return null;
        }
        List<FieldVector> vectors = new ArrayList<>(order.length);
        for (int c : order) {
          vectors.add(b.getVector(c));
        }
        VectorSchemaRoot out = new VectorSchemaRoot(vectors);
        out.setRowCount(b.getRowCount());
        return out;
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }

  /**
   * Sorts {@code in} (consumed and closed) by {@code keys}, unless it is in that order already
   * ({@code sorted}), and numbers it.
   */
  private static Numbered sortAndNumber(ExecContext context, OperatorMemory memory,
      BatchStream in, int partitionKeys, List<SortKey> keys, boolean sorted, Schema schema,
      String label, JoinPartitions.SpillStats stats) throws IOException {
    try (in) {
      if (sorted) {
        // No keys (one partition whose rows are all peers: any order will do), or the keys of
        // an earlier group's sort, or a prefix of them.
        Numbered numbered = number(context, in, partitionKeys, keys, schema, label);
        stats.bytes.addAndGet(numbered.file.bytes());
        stats.files.incrementAndGet();
        return numbered;
      }
      try (ExternalSorter sorter = new ExternalSorter(context, memory, keys, schema, label)) {
        for (VectorSchemaRoot b = in.next(); b != null; b = in.next()) {
          sorter.add(b);
        }
        Numbered numbered;
        try (BatchStream merged = sorter.sorted()) {
          numbered = number(context, merged, partitionKeys, keys, schema, label);
        }
        stats.rows.addAndGet(sorter.spilledRows());
        stats.bytes.addAndGet(sorter.spilledBytes() + numbered.file.bytes());
        stats.files.addAndGet(sorter.spilledFiles() + 1);
        stats.passes.accumulateAndGet(sorter.passes(), Math::max);
        return numbered;
      }
    }
  }

  /** A group's sorted rows with their partition and peer numbers, and its largest batch. */
  private record Numbered(SpillFile file, int maxBatchRows, long maxBatchBytes) {}

  /**
   * Writes the sorted rows to a spill file with two more BIGINT columns: the partition number
   * (one more at each change of the PARTITION BY keys) and the peer group number (one more at
   * each change of partition or of the ORDER BY keys). Consecutive rows are compared through
   * {@link SortKeys} over two slots that take the batches in turn, so equality is the sort's
   * ({@code pk} is how many of {@code keys} are the PARTITION BY columns).
   */
  private static Numbered number(ExecContext context, BatchStream sorted, int pk,
      List<SortKey> keys, Schema schema, String label) throws IOException {
    List<Field> fields = new ArrayList<>(schema.getFields());
    fields.add(Field.notNullable("$window_partition", new ArrowType.Int(64, true)));
    fields.add(Field.notNullable("$window_peer", new ArrowType.Int(64, true)));
    // Uncompressed: every cursor reads the whole file again, and decompressing it a dozen times
    // made a 50 M-row window 1.7 times slower (168 s against 101 s at memory_limit=128MB).
    SpillFile file = context.spill().newFile(label + " sorted", new Schema(fields), false);
    int capacity = context.batchRows();
    List<VectorSchemaRoot> slots = new ArrayList<>(2);
    SortKeys encoded = null;
    SortKeys.RowComparator partCmp = null;
    SortKeys.RowComparator peerCmp = null;
    int previousLast = -1; // the last row of the previous batch, in the other slot
    int slot = 0;
    long partId = -1;
    long peerId = -1;
    int maxRows = 1;
    long maxBytes = 0;
    try {
      for (VectorSchemaRoot b = sorted.next(); b != null; b = sorted.next()) {
        try (VectorSchemaRoot batch = b) {
          int n = batch.getRowCount();
          if (n == 0) {
            continue;
          }
          context.checkCancelled();
          if (!keys.isEmpty()) {
            if (n > capacity) {
              throw new IllegalStateException("a sorted batch of " + n + " rows exceeds "
                  + capacity);
            }
            if (encoded == null) {
              slots.add(batch);
              slots.add(batch);
              encoded = new SortKeys(RowSpace.slots(slots, capacity), keys, true);
              partCmp = encoded.comparator(0, pk);
              peerCmp = encoded.comparator(pk, keys.size());
            }
            slots.set(slot, batch);
            encoded.encodeBatch(slot);
          }
          try (BigIntVector parts = new BigIntVector("$window_partition", context.allocator());
              BigIntVector peers = new BigIntVector("$window_peer", context.allocator())) {
            parts.allocateNew(n);
            peers.allocateNew(n);
            for (int i = 0; i < n; i++) {
              int row = slot * capacity + i;
              int prev = i > 0 ? row - 1
                  : previousLast >= 0 ? (1 - slot) * capacity + previousLast : -1;
              boolean newPart = prev < 0 || (pk > 0 && partCmp.compare(prev, row) != 0);
              boolean newPeer = newPart
                  || (keys.size() > pk && peerCmp.compare(prev, row) != 0);
              if (newPart) {
                partId++;
              }
              if (newPeer) {
                peerId++;
              }
              parts.set(i, partId);
              peers.set(i, peerId);
            }
            parts.setValueCount(n);
            peers.setValueCount(n);
            List<FieldVector> vectors = new ArrayList<>(batch.getFieldVectors());
            vectors.add(parts);
            vectors.add(peers);
            VectorSchemaRoot numbered = new VectorSchemaRoot(vectors);
            numbered.setRowCount(n);
            // Small batches: a streamed group holds one per cursor, and may have a dozen.
            long bytes = ArrowBytes.held(numbered);
            int sliceRows = (int) Math.max(MIN_SLICE_ROWS,
                Math.min(n, SLICE_BYTES * (long) n / Math.max(1, bytes)));
            if (sliceRows >= n) {
              maxRows = Math.max(maxRows, n);
              maxBytes = Math.max(maxBytes, bytes);
              file.write(numbered);
            } else {
              for (int from = 0; from < n; from += sliceRows) {
                try (VectorSchemaRoot slice = numbered.slice(from, Math.min(sliceRows, n - from))) {
                  maxRows = Math.max(maxRows, slice.getRowCount());
                  maxBytes = Math.max(maxBytes, ArrowBytes.held(slice));
                  file.write(slice);
                }
              }
            }
          }
          previousLast = n - 1;
          slot = 1 - slot;
        }
      }
      file.finish();
      return new Numbered(file, maxRows, maxBytes);
    } catch (IOException | RuntimeException | Error e) {
      file.delete();
      throw e;
    }
  }
}
