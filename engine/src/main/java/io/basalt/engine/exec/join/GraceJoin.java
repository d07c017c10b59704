package io.basalt.engine.exec.join;

import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.memory.OperatorMemory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A hash join execution that went to disk: both inputs split by key hash into {@link
 * JoinPartitions}, so that each pair of partitions joins on its own ({@link GraceJoinStream}).
 * Created when the first build worker cannot keep its rows; the other workers see {@link
 * #spilling} and write theirs out too. After {@code prepare} it is the join's run state, handing
 * out partitions to the probe copies; closing deletes what is left of the files.
 */
final class GraceJoin implements AutoCloseable {
  final ExecContext context;
  final OperatorMemory memory;
  private final JoinType type;
  final JoinPartitions.SpillStats stats = new JoinPartitions.SpillStats();
  private final Schema buildSchema;
  private final Schema probeSchema;
  private final String label;
  private volatile JoinPartitions build;
  private JoinPartitions probe;
  private final AtomicLong buildRows = new AtomicLong();
  private final AtomicLong buildNullKeys = new AtomicLong();
  /** The next level-0 partition a probe copy takes. */
  final AtomicInteger next = new AtomicInteger();
  private volatile int probeCopies = 1;

  GraceJoin(ExecContext context, OperatorMemory memory, JoinType type, Schema buildSchema,
      Schema probeSchema, String label) {
    this.context = context;
    this.type = type;
    this.memory = memory;
    this.buildSchema = buildSchema;
    this.probeSchema = probeSchema;
    this.label = label;
  }

  /** The probe copies that will join partitions at once (they share the memory equally). */
  void probeCopies(int copies) {
    this.probeCopies = Math.max(1, copies);
  }

  /**
   * What one probe copy may hold while joining a partition: an equal share for every copy, fixed
   * up front — not the share among the reservations open so far, which the first copy to start
   * would find larger than it is.
   */
  long share() {
    return memory.shareable() / probeCopies;
  }

  /** Writes the spill counters into {@code metrics} (EXPLAIN ANALYZE). */
  void record(io.basalt.engine.exec.OperatorMetrics metrics) {
    stats.record(metrics, memory);
  }

  boolean spilling() {
    return build != null;
  }

  /** Switches the build side to disk (idempotent, thread-safe). */
  synchronized void start() {
    if (build == null) {
      build = new JoinPartitions(context, buildSchema, label + "-build", 0, stats,
          type.buildOuter() || type == JoinType.BUILD_ANTI);
    }
  }

  /** Writes build rows (their keys read already) to their partitions. */
  void writeBuild(VectorSchemaRoot batch, JoinKeys.Keys keys) {
    int n = batch.getRowCount();
    int nulls = 0;
    for (int i = 0; i < n; i++) {
      if (!keys.valid[i]) {
        nulls++;
      }
    }
    buildRows.addAndGet(n);
    buildNullKeys.addAndGet(nulls);
    build.write(batch, keys);
  }

  /** Ends the build side and opens the probe side's partitions. */
  synchronized void finishBuild() {
    build.finish();
    probe = new JoinPartitions(context, probeSchema, label + "-probe", 0, stats,
        type.probeOuter() || type == JoinType.ANTI);
  }

  JoinPartitions build() {
    return build;
  }

  synchronized JoinPartitions probe() {
    return probe;
  }

  long buildRows() {
    return buildRows.get();
  }

  /** Whether some build row's {@code =} key is NULL (NOT IN is then never true). */
  boolean buildHasNullKey() {
    return buildNullKeys.get() > 0;
  }

  @Override
  public synchronized void close() {
    if (build != null) {
      build.close();
    }
    if (probe != null) {
      probe.close();
    }
  }
}
