package io.basalt.planner.physical;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.exec.PhysicalNode;
import org.apache.calcite.rel.RelNode;

/**
 * A physical relational operator of Basalt's {@link VecConvention}: it runs on the engine over Arrow
 * batches. {@link #implement} turns the node into its engine operator ({@link PhysicalNode}), once
 * per execution, asking the implementor for its inputs' operators.
 */
public interface VecRel extends RelNode {
  /** The engine operator of this node; inputs come from {@link VecImplementor#visit}. */
  PhysicalNode implement(VecImplementor implementor);

  /** The engine this plan runs on (every VEC tree reaches a scan of a Basalt table). */
  default BasaltEngine engine() {
    for (RelNode input : getInputs()) {
      if (input instanceof VecRel v) {
        return v.engine();
      }
    }
    throw new IllegalStateException(getRelTypeName() + " has no input that reaches a Basalt table");
  }
}
