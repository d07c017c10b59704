package io.basalt.planner.physical;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.sort.LimitNode;
import io.basalt.engine.exec.sort.RowBound;
import io.basalt.engine.exec.sort.SortKey;
import io.basalt.engine.exec.sort.SortNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * ORDER BY / LIMIT / OFFSET on the engine: a {@link SortNode} (full sort, or top-N when there is a
 * fetch) when there is a collation, a {@link LimitNode} otherwise. Its trait set carries the
 * collation, so the root converter reports the order and Calcite adds no sort above it.
 */
public final class VecSort extends Sort implements VecRel {
  public VecSort(RelOptCluster cluster, RelTraitSet traits, RelNode input, RelCollation collation,
      RexNode offset, RexNode fetch) {
    super(cluster, traits, input, collation, offset, fetch);
  }

  @Override
  public Sort copy(RelTraitSet traitSet, RelNode newInput, RelCollation newCollation,
      RexNode offset, RexNode fetch) {
    return new VecSort(getCluster(), traitSet, newInput, newCollation, offset, fetch);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return VecCosts.vectorized(super.computeSelfCost(planner, mq));
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    PhysicalNode in = implementor.visit(getInput());
    RowBound off = bound(offset);
    RowBound limit = bound(fetch);
    if (collation.getFieldCollations().isEmpty()) {
      return new LimitNode(in, off, limit);
    }
    return new SortNode(in, keys(collation), off, limit, getId());
  }

  /** The engine's sort keys; an unspecified null direction is SQL's default for the direction. */
  static List<SortKey> keys(RelCollation collation) {
    List<SortKey> keys = new ArrayList<>();
    for (RelFieldCollation fc : collation.getFieldCollations()) {
      boolean descending = fc.getDirection().isDescending();
      RelFieldCollation.NullDirection nulls = fc.nullDirection;
      if (nulls == RelFieldCollation.NullDirection.UNSPECIFIED) {
        nulls = fc.getDirection().defaultNullDirection();
      }
      keys.add(new SortKey(fc.getFieldIndex(), descending,
          nulls == RelFieldCollation.NullDirection.FIRST));
    }
    return keys;
  }

  /** A literal or a dynamic parameter; null when absent. */
  static RowBound bound(RexNode node) {
    if (node == null) {
      return null;
    }
    if (node instanceof RexDynamicParam p) {
      return RowBound.parameter(p.getIndex());
    }
    if (node instanceof RexLiteral lit) {
      Long v = lit.getValueAs(Long.class);
      return RowBound.of(v == null ? 0 : v);
    }
    throw new UnsupportedOperationException("LIMIT/OFFSET must be a literal or a parameter: " + node);
  }
}
