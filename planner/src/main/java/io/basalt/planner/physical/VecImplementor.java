package io.basalt.planner.physical;

import io.basalt.engine.exec.ParquetScanNode;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.ProfiledNode;
import org.apache.calcite.rel.RelNode;

/**
 * Turns a VEC plan into engine operators, bottom-up. Every operator but a scan (which keeps its
 * own, richer metrics) is wrapped so that EXPLAIN ANALYZE sees its rows, batches and time under the
 * plan node's id.
 */
public final class VecImplementor {
  private final org.apache.calcite.DataContext dataContext;
  /** Every Parquet scan implemented so far, in order, with the plan node it came from. */
  private final java.util.List<java.util.Map.Entry<RelNode, ParquetScanNode>> scans =
      new java.util.ArrayList<>();

  private VecImplementor(org.apache.calcite.DataContext dataContext) {
    this.dataContext = dataContext;
  }

  /** The engine plan of {@code root}. */
  public static PhysicalNode implement(VecRel root) {
    return new VecImplementor(null).visit(root);
  }

  /**
   * The engine plan of {@code root} for an execution in {@code dataContext}, which row-at-a-time
   * subtrees under the plan ({@link EnumerableToVecConverter}) run in.
   */
  public static PhysicalNode implement(VecRel root, org.apache.calcite.DataContext dataContext) {
    return new VecImplementor(dataContext).visit(root);
  }

  /** How many scans have been implemented so far (a mark for {@link #scansSince}). */
  int scanMark() {
    return scans.size();
  }

  /**
   * The engine scan implemented for {@code scan} since {@code mark}, or null when there is none
   * or more than one (a plan node shared by two branches: a filter for one must not reach the
   * other).
   */
  ParquetScanNode scanSince(int mark, RelNode scan) {
    ParquetScanNode found = null;
    for (java.util.Map.Entry<RelNode, ParquetScanNode> e : scans.subList(mark, scans.size())) {
      if (e.getKey() == scan) {
        if (found != null) {
          return null;
        }
        found = e.getValue();
      }
    }
    return found;
  }

  /** The execution's data context (parameters, cancel flag); null when none was given. */
  public org.apache.calcite.DataContext dataContext() {
    return dataContext;
  }

  /** The engine operator of {@code input}, which must be a VEC node. */
  public PhysicalNode visit(RelNode input) {
    if (!(input instanceof VecRel vec)) {
      throw new IllegalStateException("input " + input.getRelTypeName()
          + " is not a Basalt operator; a converter was expected between conventions");
    }
    PhysicalNode node = vec.implement(this);
    if (vec instanceof VecTableScan) {
      if (node instanceof ParquetScanNode scan) {
        scans.add(java.util.Map.entry(input, scan));
      }
      return node;
    }
    return new ProfiledNode(node, input.getId());
  }
}
