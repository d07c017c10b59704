package io.basalt.planner.physical;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.SharedStreamNode;
import io.basalt.planner.runtime.RowBatchStream;
import io.basalt.planner.types.SqlArrowTypes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterImpl;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The way back from Calcite's row-at-a-time operators into the engine, where a VEC operator (a
 * sort, a union) sits above a fallback: the Enumerable subtree is compiled once (Calcite's code
 * generation, cached on this node) and, at each execution, its rows are packed into Arrow batches
 * of the node's SQL row type. The rows come from one iterator, so the copies above share it
 * ({@link SharedStreamNode}). EXPLAIN shows the node as a fallback: its name starts with
 * "Enumerable".
 */
public final class EnumerableToVecConverter extends ConverterImpl implements VecRel {
  private Bindable<?> bindable;
  private Map<String, Object> stashed;
  /** The subtree may read no Basalt table (information_schema), so the engine is carried. */
  private final io.basalt.engine.BasaltEngine engine;

  public EnumerableToVecConverter(RelOptCluster cluster, RelTraitSet traits, RelNode input,
      io.basalt.engine.BasaltEngine engine) {
    super(cluster, ConventionTraitDef.INSTANCE, traits, input);
    this.engine = engine;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new EnumerableToVecConverter(getCluster(), traitSet, sole(inputs), engine);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Packing rows into batches is cheap next to a row operator, as unpacking is in
    // VecToEnumerableConverter.
    RelOptCost cost = super.computeSelfCost(planner, mq);
    return cost == null ? null : cost.multiplyBy(0.1);
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    DataContext root = implementor.dataContext();
    if (root == null) {
      throw new IllegalStateException("a row-at-a-time subtree needs the execution's data context");
    }
    Bindable<?> compiled = compile();
    Map<String, Object> internal = stashed;
    Schema schema = SqlArrowTypes.schema(getRowType());
    int fields = getRowType().getFieldCount();
    return new SharedStreamNode("EnumerableRows", schema, context -> {
      Enumerable<?> rows = compiled.bind(new StashDataContext(root, internal));
      return new RowBatchStream(rows.enumerator(), schema, fields, context);
    });
  }

  /** The Enumerable subtree's compiled form; compiled once per plan (code generation is slow). */
  private synchronized Bindable<?> compile() {
    if (bindable == null) {
      Map<String, Object> map = new HashMap<>();
      bindable = EnumerableInterpretable.toBindable(map, null, (EnumerableRel) getInput(),
          EnumerableRel.Prefer.ARRAY);
      stashed = map;
    }
    return bindable;
  }

  @Override
  public io.basalt.engine.BasaltEngine engine() {
    return engine;
  }

  /** The execution's context plus the objects the compiled subtree stashed (nested VEC plans). */
  private static final class StashDataContext implements DataContext {
    private final DataContext delegate;
    private final Map<String, Object> stashed;

    StashDataContext(DataContext delegate, Map<String, Object> stashed) {
      this.delegate = delegate;
      this.stashed = stashed;
    }

    @Override
    public SchemaPlus getRootSchema() {
      return delegate.getRootSchema();
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
      return delegate.getTypeFactory();
    }

    @Override
    public QueryProvider getQueryProvider() {
      return delegate.getQueryProvider();
    }

    @Override
    public Object get(String name) {
      Object v = stashed.get(name);
      return v != null ? v : delegate.get(name);
    }
  }

  /** Converts an Enumerable node into the VEC convention through this converter. */
  public static final class Rule extends org.apache.calcite.rel.convert.ConverterRule {
    public static final org.apache.calcite.rel.convert.ConverterRule INSTANCE = Config.INSTANCE
        .withConversion(RelNode.class, EnumerableConvention.INSTANCE, VecConvention.INSTANCE,
            "EnumerableToVecConverterRule")
        .withRuleFactory(Rule::new)
        .toRule(Rule.class);

    private Rule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      io.basalt.engine.BasaltEngine engine = VecValues.Rule.engineOf(rel.getCluster());
      if (engine == null) {
        return null; // no Basalt schema: nothing to run batches on
      }
      return new EnumerableToVecConverter(rel.getCluster(),
          rel.getTraitSet().replace(VecConvention.INSTANCE), rel, engine);
    }
  }
}
