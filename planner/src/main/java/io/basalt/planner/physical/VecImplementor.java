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
  private final org.apache.calcite.DataContext dataContext;

  private VecImplementor(org.apache.calcite.DataContext dataContext) {
    this.dataContext = dataContext;
  }

  /** The engine plan of {@code root}. */
  public static PhysicalNode implement(VecRel root) {
    return new VecImplementor(null).visit(root);
  }

  /**
   * The engine plan of {@code root}, run in the statement's {@code dataContext} (which operators
   * that run Calcite code, such as {@link EnumerableToVecConverter}, need).
   */
  public static PhysicalNode implement(VecRel root, org.apache.calcite.DataContext dataContext) {
    return new VecImplementor(dataContext).visit(root);
  }

  /** The statement's data context, or null when the plan was implemented without one. */
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
      return node;
    }
    return new ProfiledNode(node, input.getId());
  }
}
