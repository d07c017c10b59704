package io.basalt.planner.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Turns {@code EXISTS}, {@code NOT EXISTS} and {@code IN} sub-queries that are conjuncts of a
 * filter into semi and anti joins whose condition is the sub-query's correlated predicate, with
 * correlation variables replaced by the outer row's columns:
 *
 * <pre>
 * Filter(p AND EXISTS(Filter(R, l2.k = $cor0.k AND l2.s &lt;&gt; $cor0.s)))
 *   →  SemiJoin(Filter(input, p), R, k = l2.k AND l2.s &lt;&gt; s)
 * </pre>
 *
 * <p>Calcite's general decorrelation of the same pattern joins the sub-query with the distinct
 * values of the outer query's correlated columns and aggregates the result, which repeats the
 * outer query inside the sub-query: TPC-H Q21 scanned lineitem five times and orders four times.
 * A semi or anti join reads each table once, and the engine hashes whichever side is smaller.
 *
 * <p>Applies only when it is exact: the sub-query is projections over an optional filter over a
 * relation that does not use the outer row; the filter uses the outer row only through its
 * fields; and the join gets at least one equality key (else Calcite's rewrite stays). {@code NOT
 * EXISTS} becomes an anti join (a row is kept when no inner row makes the predicate TRUE, which is
 * what an anti join keeps); {@code x IN (sub-query)} as a conjunct becomes a semi join on {@code
 * x = column} (a row is kept only when some comparison is TRUE). {@code NOT IN}, whose NULL
 * semantics differ, is left to Calcite.
 */
public final class SubQueryToSemiJoinRule extends RelOptRule {
  public static final SubQueryToSemiJoinRule INSTANCE = new SubQueryToSemiJoinRule();

  @SuppressWarnings("deprecation")
  private SubQueryToSemiJoinRule() {
    super(operandJ(LogicalFilter.class, null, RexUtil.SubQueryFinder::containsSubQuery, any()),
        "SubQueryToSemiJoinRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Filter filter = call.rel(0);
    RelNode input = filter.getInput();
    List<RexNode> plain = new ArrayList<>();
    List<RexNode> rest = new ArrayList<>();
    List<SemiJoin> joins = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
      SemiJoin join = semiJoin(conjunct, filter);
      if (join != null) {
        joins.add(join);
      } else if (RexUtil.SubQueryFinder.find(conjunct) == null) {
        plain.add(conjunct);
      } else {
        rest.add(conjunct);
      }
    }
    if (joins.isEmpty()) {
      return;
    }
    RelBuilder b = call.builder();
    b.push(input);
    if (!plain.isEmpty()) {
      b.filter(plain);
    }
    for (SemiJoin j : joins) {
      b.push(j.right).join(j.type, j.condition);
    }
    if (!rest.isEmpty()) {
      // Sub-queries still to remove may refer to the filter's correlation variables: semi and
      // anti joins keep the input's row type, so the variables still describe the rows.
      b.filter(filter.getVariablesSet(), rest);
    }
    call.transformTo(b.build());
  }

  /** A semi or anti join to replace one conjunct. */
  private record SemiJoin(JoinRelType type, RelNode right, RexNode condition) {}

  /** The semi or anti join equivalent to {@code conjunct}, or null. */
  private static SemiJoin semiJoin(RexNode conjunct, Filter filter) {
    boolean negated = false;
    RexNode node = conjunct;
    if (node.getKind() == SqlKind.NOT) {
      node = ((RexCall) node).getOperands().get(0);
      negated = true;
    }
    if (!(node instanceof RexSubQuery sq)
        || !(sq.getKind() == SqlKind.EXISTS || sq.getKind() == SqlKind.IN && !negated)) {
      return null;
    }
    Set<CorrelationId> vars = filter.getVariablesSet();
    RelNode inputRel = filter.getInput();
    int leftCount = inputRel.getRowType().getFieldCount();
    RelNode r = sq.rel;
    List<RexNode> outputs = null;
    if (sq.getKind() == SqlKind.IN) {
      if (r instanceof Project p) {
        outputs = p.getProjects();
        r = p.getInput();
      } else {
        outputs = new ArrayList<>();
        for (int i = 0; i < r.getRowType().getFieldCount(); i++) {
          outputs.add(RexInputRef.of(i, r.getRowType()));
        }
      }
      if (outputs.size() != sq.getOperands().size()) {
        return null;
      }
    } else {
      // EXISTS only asks whether a row exists: projections change no row count.
      while (r instanceof Project p) {
        r = p.getInput();
      }
    }
    RexNode correlated = null;
    if (r instanceof Filter f && uses(f.getCondition(), vars)) {
      correlated = f.getCondition();
      r = f.getInput();
      if (RexUtil.SubQueryFinder.find(correlated) != null) {
        return null;
      }
    }
    if (uses(r, vars) || outputs != null && outputs.stream().anyMatch(o -> uses(o, vars))) {
      return null;
    }
    RexBuilder rex = filter.getCluster().getRexBuilder();
    List<RexNode> conditions = new ArrayList<>();
    if (correlated != null) {
      RexNode c = correlated.accept(new OuterToInputRefs(vars, leftCount, inputRel));
      if (c == null || uses(c, vars)) {
        return null;
      }
      conditions.add(c);
    }
    if (outputs != null) {
      for (int k = 0; k < outputs.size(); k++) {
        RexNode left = sq.getOperands().get(k);
        RexNode right = RexUtil.shift(outputs.get(k), leftCount);
        if (left.getType().getSqlTypeName().getFamily()
            != right.getType().getSqlTypeName().getFamily()) {
          return null;
        }
        conditions.add(rex.makeCall(SqlStdOperatorTable.EQUALS, left, right));
      }
    }
    // Conjuncts on the relation alone filter it before the join (so the scan can use them)
    // instead of being checked per matching pair.
    List<RexNode> joinConditions = new ArrayList<>();
    List<RexNode> rightOnly = new ArrayList<>();
    for (RexNode c : RelOptUtil.conjunctions(RexUtil.composeConjunction(rex, conditions))) {
      ImmutableBitSet refs = RelOptUtil.InputFinder.bits(c);
      if (!refs.isEmpty() && refs.nextSetBit(0) >= leftCount) {
        rightOnly.add(RexUtil.shift(c, -leftCount));
      } else {
        joinConditions.add(c);
      }
    }
    if (!rightOnly.isEmpty()) {
      r = LogicalFilter.create(r, RexUtil.composeConjunction(rex, rightOnly));
    }
    if (joinConditions.isEmpty()) {
      return null;
    }
    RexNode condition = RexUtil.composeConjunction(rex, joinConditions);
    JoinInfo info = JoinInfo.of(inputRel, r, condition);
    if (info.leftKeys.isEmpty()) {
      return null; // no hash key: Calcite's rewrite (and its plan) stays
    }
    return new SemiJoin(negated ? JoinRelType.ANTI : JoinRelType.SEMI, r, condition);
  }

  /**
   * Rewrites a condition over the sub-query's relation into one over (outer input, relation):
   * the relation's fields move right by the outer input's width, and {@code $cor.f} becomes the
   * outer input's field {@code f}.
   */
  private static final class OuterToInputRefs extends RexShuttle {
    private final Set<CorrelationId> vars;
    private final int leftCount;
    private final RelNode outer;

    OuterToInputRefs(Set<CorrelationId> vars, int leftCount, RelNode outer) {
      this.vars = vars;
      this.leftCount = leftCount;
      this.outer = outer;
    }

    @Override
    public RexNode visitInputRef(RexInputRef ref) {
      return new RexInputRef(ref.getIndex() + leftCount, ref.getType());
    }

    @Override
    public RexNode visitFieldAccess(RexFieldAccess access) {
      if (access.getReferenceExpr() instanceof RexCorrelVariable v && vars.contains(v.id)) {
        int index = outerField(v, access);
        if (index >= 0) {
          return new RexInputRef(index, outer.getRowType().getFieldList().get(index).getType());
        }
      }
      return super.visitFieldAccess(access);
    }

    /**
     * The outer input's field that {@code $cor.f} denotes, or -1. Field trimming narrows the
     * filter's input but leaves the variable's row type whole, so after trimming the field is
     * found by its (unique) name.
     */
    private int outerField(RexCorrelVariable v, RexFieldAccess access) {
      List<String> names = outer.getRowType().getFieldNames();
      if (v.getType().getFieldCount() == leftCount
          && v.getType().getFieldNames().equals(names)) {
        return access.getField().getIndex();
      }
      String name = access.getField().getName();
      int found = -1;
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).equals(name)) {
          if (found >= 0) {
            return -1;
          }
          found = i;
        }
      }
      return found;
    }
  }

  /** Whether {@code node} refers to one of {@code vars}, sub-queries included. */
  private static boolean uses(RexNode node, Set<CorrelationId> vars) {
    boolean[] found = {false};
    node.accept(correlationFinder(vars, found));
    return found[0];
  }

  /** Whether {@code rel} or any input refers to one of {@code vars}. */
  private static boolean uses(RelNode rel, Set<CorrelationId> vars) {
    boolean[] found = {false};
    rel.accept(correlationFinder(vars, found));
    if (found[0]) {
      return true;
    }
    for (RelNode in : rel.getInputs()) {
      if (uses(in, vars)) {
        return true;
      }
    }
    return false;
  }

  /** A shuttle that sets {@code found[0]} on meeting one of {@code vars}, in sub-queries too. */
  private static RexShuttle correlationFinder(Set<CorrelationId> vars, boolean[] found) {
    return new RexShuttle() {
      @Override
      public RexNode visitCorrelVariable(RexCorrelVariable v) {
        found[0] |= vars.contains(v.id);
        return v;
      }

      @Override
      public RexNode visitSubQuery(RexSubQuery sq) {
        found[0] |= uses(sq.rel, vars);
        return super.visitSubQuery(sq);
      }
    };
  }
}
