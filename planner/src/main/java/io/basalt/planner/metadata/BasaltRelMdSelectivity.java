package io.basalt.planner.metadata;

import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Join selectivity from distinct counts, the textbook estimate Calcite lacks: each equi-join
 * conjunct {@code l = r} keeps {@code 1 / max(ndv(l), ndv(r))} of the cross product; any other
 * conjunct keeps Calcite's usual guess. Without it every equality counts as 15%, whatever the keys.
 */
public final class BasaltRelMdSelectivity implements MetadataHandler<BuiltInMetadata.Selectivity> {
  @Override
  public MetadataDef<BuiltInMetadata.Selectivity> getDef() {
    return BuiltInMetadata.Selectivity.DEF;
  }

  /** Called reflectively by Calcite's metadata dispatch for joins. */
  public Double getSelectivity(Join join, RelMetadataQuery mq, RexNode predicate) {
    if (predicate == null || predicate.isAlwaysTrue()) {
      return 1.0;
    }
    int leftCount = join.getLeft().getRowType().getFieldCount();
    double selectivity = 1;
    List<RexNode> conjuncts = RelOptUtil.conjunctions(predicate);
    for (RexNode conjunct : conjuncts) {
      Double equi = equiJoinSelectivity(join, mq, conjunct, leftCount);
      selectivity *= equi != null ? equi : RelMdUtil.guessSelectivity(conjunct);
    }
    return selectivity;
  }

  private static Double equiJoinSelectivity(Join join, RelMetadataQuery mq, RexNode conjunct,
      int leftCount) {
    if (conjunct.getKind() != SqlKind.EQUALS) {
      return null;
    }
    List<RexNode> operands = ((RexCall) conjunct).getOperands();
    if (!(operands.get(0) instanceof RexInputRef a) || !(operands.get(1) instanceof RexInputRef b)) {
      return null;
    }
    int left = Math.min(a.getIndex(), b.getIndex());
    int right = Math.max(a.getIndex(), b.getIndex());
    if (left >= leftCount || right < leftCount) {
      return null; // both sides on one input: not a join key
    }
    Double ndvLeft = mq.getDistinctRowCount(join.getLeft(), ImmutableBitSet.of(left), null);
    Double ndvRight = mq.getDistinctRowCount(join.getRight(),
        ImmutableBitSet.of(right - leftCount), null);
    if (ndvLeft == null || ndvRight == null) {
      return null;
    }
    return 1.0 / Math.max(1.0, Math.max(ndvLeft, ndvRight));
  }
}
