package io.basalt.planner.physical;

import io.basalt.planner.runtime.VecRuntime;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterImpl;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * The boundary between Basalt's engine and Calcite's row-at-a-time Enumerable operators: the VEC
 * subtree is stashed in the generated code and, at execution, streamed batch by batch into rows. At
 * the root of a fully native plan this is the JDBC result path; anywhere else it marks where a
 * fallback (an {@code Enumerable*} node) takes over.
 */
public final class VecToEnumerableConverter extends ConverterImpl implements EnumerableRel {
  public VecToEnumerableConverter(RelOptCluster cluster, RelTraitSet traits, RelNode input) {
    super(cluster, ConventionTraitDef.INSTANCE, traits, input);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new VecToEnumerableConverter(getCluster(), traitSet, sole(inputs));
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Turning batches into rows is real but cheap work next to a row operator: a tenth of its
    // cost, enough that plans with fewer crossings win.
    RelOptCost cost = super.computeSelfCost(planner, mq);
    return cost == null ? null : cost.multiplyBy(0.1);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    // Object[] rows, or bare values when there is one column: Calcite's operators above expect
    // the SCALAR form for single-column inputs (LIMIT or the JDBC cursor would see an array).
    // Zero columns (e.g. COUNT(*) under a LIMIT) travel as empty comparable lists, as Calcite's
    // own operators produce them.
    int fields = getRowType().getFieldCount();
    JavaRowFormat format = fields == 0 ? JavaRowFormat.LIST
        : fields == 1 ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY;
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), format, fields == 1);
    Expression stashed = implementor.stash((VecRel) getInput(), VecRel.class);
    String entry = fields == 0 ? "enumerateEmptyRows"
        : fields == 1 ? "enumerateScalars" : "enumerate";
    BlockBuilder builder = new BlockBuilder();
    builder.add(Expressions.return_(null,
        Expressions.call(VecRuntime.class, entry, DataContext.ROOT, stashed)));
    return implementor.result(physType, builder.toBlock());
  }
}
