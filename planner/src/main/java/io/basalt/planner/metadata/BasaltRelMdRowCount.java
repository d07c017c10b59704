package io.basalt.planner.metadata;

import io.basalt.planner.physical.VecAggregate;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Row count of a {@link VecAggregate}: Calcite's Aggregate estimate (distinct keys of the input
 * times the grouping sets), but never above the estimate of the logical aggregate it was converted
 * from. Equivalent aggregates over differently shaped inputs (a scan narrowed by a merged Project,
 * or the Project itself) can estimate their groups ten times apart; the converter above a VEC
 * aggregate is costed by that estimate, so without the cap the Enumerable aggregate would win on
 * estimation noise alone.
 */
public final class BasaltRelMdRowCount implements MetadataHandler<BuiltInMetadata.RowCount> {
  @Override
  public MetadataDef<BuiltInMetadata.RowCount> getDef() {
    return BuiltInMetadata.RowCount.DEF;
  }

  /** Called reflectively by Calcite's metadata dispatch for {@link VecAggregate}. */
  public Double getRowCount(VecAggregate rel, RelMetadataQuery mq) {
    Double distinct = mq.getDistinctRowCount(rel.getInput(), rel.getGroupSet(), null);
    double rows = distinct == null ? mq.getRowCount(rel.getInput()) / 10 : distinct;
    rows *= rel.getGroupSets().size();
    if (rel.getGroupSet().isEmpty()) {
      rows = 1;
    }
    RelOptPlanner planner = rel.getCluster().getPlanner();
    if (planner instanceof VolcanoPlanner volcano) {
      RelSubset logical = volcano.getSubset(rel, rel.getTraitSet().replace(Convention.NONE));
      if (logical != null) {
        Double original = mq.getRowCount(logical);
        if (original != null) {
          rows = Math.min(rows, original);
        }
      }
    }
    return Math.max(rows, 1);
  }
}
