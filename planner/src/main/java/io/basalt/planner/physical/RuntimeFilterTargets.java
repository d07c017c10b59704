package io.basalt.planner.physical;

import io.basalt.engine.exec.ParquetScanNode;
import io.basalt.engine.exec.join.JoinNode;
import io.basalt.engine.exec.join.RuntimeFilter;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * Finds, for each equi-key of a hash join, the Parquet scan on the probe side whose column reaches
 * the key unchanged, and registers it as a {@link RuntimeFilter} target.
 *
 * <p>The path from scan to join may only pass operators for which dropping the scan rows whose
 * key cannot match removes only output rows the join would drop anyway: projections and filters
 * (the column passes through), joins of any type on either side (an outer join's NULL-extended
 * row has a NULL key, which never matches), the left side of semi and anti joins, aggregates
 * grouped by the key (whole groups go), and sorts without a limit. Windows, limits, set
 * operations and anything else stop the search.
 */
final class RuntimeFilterTargets {
  private RuntimeFilterTargets() {}

  /** A scan plan node and its output field that carries the key. */
  record Target(VecTableScan scan, int field) {}

  /**
   * Registers a runtime filter on {@code join} for every key whose probe column traces to a scan
   * implemented (exactly once) between marks {@code from} and {@code to}: while the probe side
   * was implemented.
   */
  static void register(VecImplementor implementor, int from, int to, JoinNode join,
      RelNode probe, int[] probeKeys) {
    for (int k = 0; k < probeKeys.length; k++) {
      Target t = trace(probe, probeKeys[k], implementor::isShared);
      if (t == null) {
        continue;
      }
      ParquetScanNode scan = implementor.scanSince(from, to, t.scan());
      if (scan != null) {
        join.addRuntimeFilter(new RuntimeFilter(k, scan, scan.datasetColumn(t.field())));
      }
    }
  }

  /**
   * The scan field that {@code field} of {@code rel} is, along a safe path that enters no node
   * for which {@code shared} holds (its other readers need all its rows); or null.
   */
  static Target trace(RelNode rel, int field, java.util.function.Predicate<RelNode> shared) {
    if (shared.test(rel)) {
      return null;
    }
    if (rel instanceof VecTableScan scan) {
      return new Target(scan, field);
    }
    if (rel instanceof VecCalc calc) {
      RexProgram program = calc.getProgram();
      RexNode e = program.expandLocalRef(program.getProjectList().get(field));
      return e instanceof RexInputRef ref ? trace(calc.getInput(), ref.getIndex(), shared) : null;
    }
    if (rel instanceof VecHashJoin || rel instanceof VecNestedLoopJoin) {
      Join join = (Join) rel;
      int leftCount = join.getLeft().getRowType().getFieldCount();
      return switch (join.getJoinType()) {
        case INNER, LEFT, RIGHT, FULL -> field < leftCount ? trace(join.getLeft(), field, shared)
            : trace(join.getRight(), field - leftCount, shared);
        case SEMI, ANTI -> trace(join.getLeft(), field, shared);
        default -> null;
      };
    }
    if (rel instanceof VecAggregate agg) {
      if (agg.getGroupType() != Aggregate.Group.SIMPLE || field >= agg.getGroupCount()) {
        return null;
      }
      return trace(agg.getInput(), agg.getGroupSet().nth(field), shared);
    }
    if (rel instanceof VecSort sort) {
      return sort.fetch == null && sort.offset == null
          ? trace(sort.getInput(), field, shared) : null;
    }
    return null;
  }
}
