package io.basalt.planner.physical;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.ProfiledNode;
import org.apache.calcite.rel.RelNode;

/**
 * Turns a VEC plan into engine operators, bottom-up. Every operator but a scan (which keeps its
 * own, richer metrics) is wrapped so that EXPLAIN ANALYZE sees its rows, batches and time under the
 * plan node's id.
 */
public final class VecImplementor {
  /** The engine plan of {@code root}. */
  public static PhysicalNode implement(VecRel root) {
    return new VecImplementor().visit(root);
  }

  /** The engine operator of {@code input}, which must be a VEC node. */
  public PhysicalNode visit(RelNode input) {
    if (!(input instanceof VecRel vec)) {
      throw new IllegalStateException("input " + input.getRelTypeName()
          + " is not a Basalt operator; a converter was expected between conventions");
    }
    PhysicalNode node = vec.implement(this);
    if (vec instanceof VecTableScan) {
      return node;
    }
    return new ProfiledNode(node, input.getId());
  }
}
