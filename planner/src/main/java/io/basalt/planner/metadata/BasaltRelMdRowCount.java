package io.basalt.planner.metadata;

import io.basalt.planner.physical.VecAggregate;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Row counts Basalt estimates better than Calcite's defaults.
 *
 * <p>Equi-joins: {@code |L| * |R| / max(ndv(L.keys), ndv(R.keys))}, the textbook estimate under
 * containment of key values, with distinct counts from Parquet statistics ({@link
 * BasaltRelMdDistinctRowCount}). Calcite multiplies both sides by a fixed 0.15 per equality, which
 * put the four-way join of TPC-H Q21 at 8.5E13 rows and made every join above it hash the wrong
 * side. Semi and anti joins keep the share of left rows whose key values the right side can hold.
 *
 * <p>Aggregates: a {@link VecAggregate}'s estimate is Calcite's Aggregate estimate (distinct keys
 * of the input times the grouping sets), but never above the estimate of the logical aggregate it
 * was converted from. Calcite's Aggregate estimate (distinct keys of the input
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

  /** Called reflectively by Calcite's metadata dispatch for every join. */
  public Double getRowCount(Join join, RelMetadataQuery mq) {
    JoinInfo info = join.analyzeCondition();
    Double l = mq.getRowCount(join.getLeft());
    Double r = mq.getRowCount(join.getRight());
    if (info.leftKeys.isEmpty() || l == null || r == null) {
      // Theta and cross joins: Calcite's own estimate.
      return RelMdUtil.getJoinRowCount(mq, join, join.getCondition());
    }
    double ndvL = distinct(mq, join.getLeft(), info.leftSet(), l);
    double ndvR = distinct(mq, join.getRight(), info.rightSet(), r);
    double residual = info.nonEquiConditions.isEmpty() ? 1 : RelMdUtil.guessSelectivity(
        RexUtil.composeConjunction(join.getCluster().getRexBuilder(), info.nonEquiConditions));
    double inner = l * r / Math.max(1, Math.max(ndvL, ndvR)) * residual;
    // The share of left rows whose key the right side holds, if the smaller key set is contained.
    double matching = Math.min(1, ndvR / Math.max(1, ndvL)) * residual;
    double rows = switch (join.getJoinType()) {
      case INNER -> inner;
      case LEFT -> Math.max(inner, l);
      case RIGHT -> Math.max(inner, r);
      case FULL -> Math.max(inner, Math.max(l, r));
      case SEMI -> l * matching;
      // Never estimate an anti join empty: the left side is what it filters.
      case ANTI -> l * Math.max(0.1, 1 - matching);
      default -> -1;
    };
    return rows < 0 ? RelMdUtil.getJoinRowCount(mq, join, join.getCondition())
        : Math.max(rows, 1);
  }

  private static double distinct(RelMetadataQuery mq, RelNode rel, ImmutableBitSet keys,
      double rows) {
    // Inside Volcano an input is a set of equivalent plans; physical members (converters,
    // Enumerable nodes) have no distinct-count estimate and answer with their row count, so ask
    // the logical plan the set was created from.
    if (rel instanceof RelSubset subset && subset.getOriginal() != null) {
      rel = subset.getOriginal();
    }
    // Calcite has no distinct-count handler for Calc and answers with the row count, which makes
    // every join over a VecCalc look like a join on a unique key (TPC-H Q18 then hashed 6 M join
    // rows against 57): keys that are plain input columns are looked up below the Calc.
    while (rel instanceof org.apache.calcite.rel.core.Calc calc) {
      org.apache.calcite.rex.RexProgram program = calc.getProgram();
      ImmutableBitSet.Builder inputKeys = ImmutableBitSet.builder();
      for (int key : keys) {
        RexNode e = program.expandLocalRef(program.getProjectList().get(key));
        if (!(e instanceof org.apache.calcite.rex.RexInputRef ref)) {
          return rows;
        }
        inputKeys.set(ref.getIndex());
      }
      keys = inputKeys.build();
      rel = calc.getInput();
      if (rel instanceof RelSubset subset && subset.getOriginal() != null) {
        rel = subset.getOriginal();
      }
    }
    Double d = mq.getDistinctRowCount(rel, keys, null);
    return d == null ? rows : Math.max(1, Math.min(d, rows));
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
