package io.basalt.planner.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Derives, from an OR over a join tree, an OR for each joined input that the original implies:
 * when every branch constrains an input, that input must satisfy one of the constraints.
 *
 * <pre>
 * (n1.name = 'FRANCE' AND n2.name = 'GERMANY') OR (n1.name = 'GERMANY' AND n2.name = 'FRANCE')
 *   adds  n1.name IN ('FRANCE', 'GERMANY')  and  n2.name IN ('GERMANY', 'FRANCE')
 * </pre>
 *
 * <p>The original condition stays (the derived ones are weaker), so the answer cannot change; the
 * derived predicates are pushed to their inputs by the join-ordering phase, where they shrink a
 * scan before any join (TPC-H Q7 kept 2 of 25 nations on both sides instead of filtering 1.8 M
 * joined rows; Q19's part and lineitem filters reach their scans).
 *
 * <p>Inputs are the leaves of the filter's tree of inner joins. A derived predicate refers to one
 * leaf only, so the rule finds nothing new to add to its own output (it adds only predicates not
 * already among the conjuncts) and stops.
 */
public final class OrToInputPredicatesRule extends RelOptRule {
  public static final OrToInputPredicatesRule INSTANCE = new OrToInputPredicatesRule();

  @SuppressWarnings("deprecation")
  private OrToInputPredicatesRule() {
    super(operand(Filter.class, operand(Join.class, any())), "OrToInputPredicatesRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Filter filter = call.rel(0);
    List<RexNode> conjuncts = RelOptUtil.conjunctions(filter.getCondition());
    if (conjuncts.stream().noneMatch(c -> c.getKind() == SqlKind.OR)) {
      return;
    }
    List<ImmutableBitSet> leaves = new ArrayList<>();
    collectLeaves(filter.getInput(), 0, leaves);
    if (leaves.size() < 2) {
      return;
    }
    RexBuilder rex = filter.getCluster().getRexBuilder();
    List<RexNode> added = new ArrayList<>();
    for (RexNode c : conjuncts) {
      if (c.getKind() != SqlKind.OR) {
        continue;
      }
      List<RexNode> branches = RelOptUtil.disjunctions(c);
      for (ImmutableBitSet leaf : leaves) {
        RexNode derived = derive(rex, branches, leaf);
        if (derived != null && !conjuncts.contains(derived) && !added.contains(derived)
            && !derived.equals(c)) {
          added.add(derived);
        }
      }
    }
    if (added.isEmpty()) {
      return;
    }
    List<RexNode> all = new ArrayList<>(conjuncts);
    all.addAll(added);
    call.transformTo(filter.copy(filter.getTraitSet(), filter.getInput(),
        RexUtil.composeConjunction(rex, all)));
  }

  /** OR over the branches of each branch's conjuncts on {@code leaf} alone; null if one has none. */
  private static RexNode derive(RexBuilder rex, List<RexNode> branches, ImmutableBitSet leaf) {
    List<RexNode> perBranch = new ArrayList<>(branches.size());
    for (RexNode branch : branches) {
      List<RexNode> parts = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(branch)) {
        ImmutableBitSet refs = RelOptUtil.InputFinder.bits(conjunct);
        if (!refs.isEmpty() && leaf.contains(refs) && RexUtil.isDeterministic(conjunct)) {
          parts.add(conjunct);
        }
      }
      if (parts.isEmpty()) {
        return null;
      }
      perBranch.add(RexUtil.composeConjunction(rex, parts));
    }
    return RexUtil.composeDisjunction(rex, perBranch);
  }

  /** The field ranges of the leaves under a tree of inner joins, offset by {@code offset}. */
  private static void collectLeaves(RelNode rel, int offset, List<ImmutableBitSet> out) {
    RelNode r = rel instanceof org.apache.calcite.plan.hep.HepRelVertex v ? v.getCurrentRel() : rel;
    if (r instanceof Join join && join.getJoinType() == JoinRelType.INNER) {
      int leftCount = join.getLeft().getRowType().getFieldCount();
      collectLeaves(join.getLeft(), offset, out);
      collectLeaves(join.getRight(), offset + leftCount, out);
      return;
    }
    out.add(ImmutableBitSet.range(offset, offset + r.getRowType().getFieldCount()));
  }
}
