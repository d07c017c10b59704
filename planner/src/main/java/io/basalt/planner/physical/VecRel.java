package io.basalt.planner.physical;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import org.apache.calcite.rel.RelNode;

/**
 * A physical relational operator of Basalt's {@link VecConvention}: it runs on the engine over Arrow
 * batches. {@link #open} is called at execution time, once per execution, on the thread that
 * consumes the result.
 */
public interface VecRel extends RelNode {
  /** Builds the engine operator tree for this node and its inputs. */
  BatchStream open(ExecContext context);

  /** The engine this plan runs on (every VEC tree reaches a scan of a Basalt table). */
  BasaltEngine engine();
}
