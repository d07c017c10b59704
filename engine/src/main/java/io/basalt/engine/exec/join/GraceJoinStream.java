package io.basalt.engine.exec.join;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.OperatorMetrics;
import io.basalt.engine.memory.MemoryReservation;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One probe copy of a {@link GraceJoin}: takes level-0 partitions from the shared counter, and for
 * each loads the build partition into a hash table ({@link BuildSide}) and streams the probe
 * partition through it with the join's own probe loop — so every join type works per partition,
 * outer joins emitting their unmatched build rows at the end of each. A build partition whose
 * table would not fit this copy's share of the limit is split again, both sides, with the next
 * hash bits, and its sub-partitions are joined by this copy.
 */
final class GraceJoinStream implements BatchStream {
  /** A pair of partitions to join. */
  private record Task(JoinPartitions build, JoinPartitions probe, int partition,
      boolean splittable) {}

  private final JoinNode join;
  private final GraceJoin grace;
  private final ExecContext context;
  private final OperatorMetrics metrics;
  private final int copy;
  private final Deque<Task> local = new ArrayDeque<>();
  private final List<JoinPartitions> owned = new ArrayList<>();
  private MemoryReservation reservation;
  private Task task;
  private BuildSide side;
  private BatchStream current;
  /** The NULL-key build rows still to emit, a batch at a time, or null. */
  private BatchStream nullBuild;
  private boolean closed;

  GraceJoinStream(JoinNode join, GraceJoin grace, int copy, OperatorMetrics metrics) {
    this.join = join;
    this.grace = grace;
    this.context = grace.context;
    this.metrics = metrics;
    this.copy = copy;
  }

  @Override
  public VectorSchemaRoot next() throws IOException {
    while (!closed) {
      if (current != null) {
        VectorSchemaRoot b = current.next();
        if (b != null) {
          return b;
        }
        endTask();
        continue;
      }
      context.checkCancelled();
      Task t = local.poll();
      if (t == null) {
        int p = grace.next.getAndIncrement();
        if (p > JoinPartitions.NULL_KEYS) {
          record();
          return null;
        }
        t = new Task(grace.build(), grace.probe(), p, p != JoinPartitions.NULL_KEYS);
      }
      start(t);
    }
    return null;
  }

  /** Joins {@code t}: skipped when it cannot produce rows, split when too large, else loaded. */
  private void start(Task t) throws IOException {
    if (t.partition == JoinPartitions.NULL_KEYS) {
      startNullKeys(t);
      return;
    }
    JoinType type = join.type;
    long buildRows = t.build.rows(t.partition);
    long probeRows = t.probe.rows(t.partition);
    boolean emitsProbeAlone = type.probeOuter() || type == JoinType.ANTI
        || type == JoinType.NULL_AWARE_ANTI;
    boolean emitsBuildAlone = type.buildOuter() || type == JoinType.BUILD_ANTI;
    if ((buildRows == 0 && !emitsProbeAlone) || (probeRows == 0 && !emitsBuildAlone)) {
      drop(t);
      return;
    }
    long keyBytes = BuildSide.keyBytesPerRow(join.kinds, join.nullSafe);
    // Loading holds the batches, their keys, the concatenated keys and the table at once.
    long heap = buildRows * (2 * keyBytes + BuildSide.TABLE_BYTES_PER_ROW);
    long need = t.build.arrowBytes(t.partition) + heap;
    if (reservation == null) {
      reservation = grace.memory.newReservation("partition worker " + (copy + 1));
    }
    long arrow = t.build.arrowBytes(t.partition);
    boolean canSplit = t.splittable && t.build.level < JoinPartitions.MAX_LEVEL;
    if (canSplit && (need > grace.share() || !reservation.tryResize(heap, arrow))) {
      split(t);
      return;
    }
    reservation.resize(heap, arrow);
    BuildSide.Sink sink = new BuildSide.Sink(join.buildKeys, join.kinds, join.nullSafe);
    try (BatchStream in = t.build.read(t.partition)) {
      for (VectorSchemaRoot b = in.next(); b != null; b = in.next()) {
        sink.accept(b);
      }
      side = BuildSide.build(new BuildSide.Sink[] {sink}, join.build.schema(),
          context.allocator(), join.buildKeys, join.kinds, join.nullSafe,
          type.tracksBuildMatches(), 1);
    } catch (IOException | RuntimeException | Error e) {
      sink.close();
      throw e;
    }
    task = t;
    current = join.probeStream(context, side, t.probe.read(t.partition), grace.buildRows() == 0,
        grace.buildHasNullKey());
  }

  /**
   * The rows whose key is NULL match nothing, so they need no table and are never split: the probe
   * side's stream past an empty build side, then each build batch on its own past an empty probe
   * side (emitted as unmatched), one batch in memory at a time.
   */
  private void startNullKeys(Task t) throws IOException {
    task = t;
    nullBuild = t.build.read(t.partition);
    load(new BuildSide.Sink(join.buildKeys, join.kinds, join.nullSafe));
    current = join.probeStream(context, side, t.probe.read(t.partition), false,
        grace.buildHasNullKey());
  }

  /** The next build batch of NULL-key rows past an empty probe side; false when none is left. */
  private boolean nextNullKeyBatch() throws IOException {
    VectorSchemaRoot b = nullBuild.next();
    if (b == null) {
      nullBuild.close();
      nullBuild = null;
      return false;
    }
    BuildSide.Sink sink = new BuildSide.Sink(join.buildKeys, join.kinds, join.nullSafe);
    sink.accept(b);
    load(sink);
    current = join.probeStream(context, side, io.basalt.engine.exec.EmptyStream.INSTANCE, false,
        grace.buildHasNullKey());
    return true;
  }

  /** Makes the build side of {@code sink}'s rows (the sink is emptied, also on failure). */
  private void load(BuildSide.Sink sink) {
    side = BuildSide.build(new BuildSide.Sink[] {sink}, join.build.schema(), context.allocator(),
        join.buildKeys, join.kinds, join.nullSafe, join.type.tracksBuildMatches(), 1);
  }

  /** Splits both sides of {@code t} with the next hash bits; this copy joins the pieces. */
  private void split(Task t) throws IOException {
    int level = t.build.level + 1;
    // The NULL-key rows are never split, so the pieces hold none.
    JoinPartitions build = new JoinPartitions(context, join.build.schema(),
        "join" + join.profileId + "-build", level, grace.stats, false);
    owned.add(build);
    JoinPartitions probe = new JoinPartitions(context, join.probe.schema(),
        "join" + join.profileId + "-probe", level, grace.stats, false);
    owned.add(probe);
    repartition(t.build, t.partition, join.buildKeys, build);
    repartition(t.probe, t.partition, join.probeKeys, probe);
    long rows = t.build.rows(t.partition);
    drop(t);
    // Rows that all went to one piece share their key hash (one hot key): splitting cannot help,
    // so that piece is joined as it is (and fails with a memory_limit error if it cannot be).
    boolean helped = true;
    for (int p = 0; p < JoinPartitions.COUNT; p++) {
      helped &= build.rows(p) < rows;
    }
    for (int p = JoinPartitions.COUNT - 1; p >= 0; p--) {
      local.push(new Task(build, probe, p, helped));
    }
  }

  private void repartition(JoinPartitions from, int p, int[] keyCols, JoinPartitions to)
      throws IOException {
    JoinKeys.Keys keys = new JoinKeys.Keys(keyCols.length);
    try (BatchStream in = from.read(p)) {
      for (VectorSchemaRoot b = in.next(); b != null; b = in.next()) {
        try (VectorSchemaRoot batch = b) {
          context.checkCancelled();
          JoinKeys.extract(batch, keyCols, join.kinds, join.nullSafe, keys);
          to.write(batch, keys);
        }
      }
    }
    to.finish();
  }

  private void endTask() throws IOException {
    current.close();
    current = null;
    side.close();
    side = null;
    if (nullBuild != null && nextNullKeyBatch()) {
      return;
    }
    if (reservation != null) {
      reservation.tryResize(0, 0);
    }
    drop(task);
    task = null;
  }

  private static void drop(Task t) {
    t.build.delete(t.partition);
    t.probe.delete(t.partition);
  }

  private void record() {
    if (metrics != null) {
      grace.record(metrics);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (current != null) {
      current.close();
    }
    if (side != null) {
      side.close();
    }
    if (nullBuild != null) {
      nullBuild.close();
    }
    if (task != null) {
      drop(task);
    }
    owned.forEach(JoinPartitions::close);
    if (reservation != null) {
      reservation.close();
    }
  }
}
