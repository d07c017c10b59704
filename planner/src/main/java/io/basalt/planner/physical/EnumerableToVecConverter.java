package io.basalt.planner.physical;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.SharedStreamNode;
import io.basalt.planner.types.SqlArrowTypes;
import io.basalt.planner.write.RowBatchBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.Enumerator;
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
 * The way back from Calcite's row-at-a-time operators into the engine: the Enumerable child is
 * compiled once (per plan) and, at each execution, enumerated row by row into Arrow batches — a
 * single stream, shared by the parallel copies above through a {@link SharedStreamNode}. Its name
 * starts with "Enumerable", so EXPLAIN marks it as a fallback like the operator below it.
 */
public final class EnumerableToVecConverter extends ConverterImpl implements VecRel {
  private final BasaltEngine engine;
  private Compiled compiled;

  public EnumerableToVecConverter(RelOptCluster cluster, RelTraitSet traits, RelNode input,
      BasaltEngine engine) {
    super(cluster, ConventionTraitDef.INSTANCE, traits, input);
    this.engine = engine;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new EnumerableToVecConverter(getCluster(), traitSet, sole(inputs), engine);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Rows into batches: cheap next to the row operator below, but not free, so that plans with
    // fewer crossings win (as VecToEnumerableConverter).
    RelOptCost cost = super.computeSelfCost(planner, mq);
    return cost == null ? null : cost.multiplyBy(0.1);
  }

  @Override
  public BasaltEngine engine() {
    return engine;
  }

  private record Compiled(Bindable<?> bindable, Map<String, Object> stash) {}

  /** Janino compilation takes tens of milliseconds: once per plan, not per execution. */
  private synchronized Compiled compiled() {
    if (compiled == null) {
      Map<String, Object> stash = new HashMap<>();
      Bindable<?> bindable = EnumerableInterpretable.toBindable(stash, null,
          (EnumerableRel) getInput(), EnumerableRel.Prefer.ARRAY);
      compiled = new Compiled(bindable, Map.copyOf(stash));
    }
    return compiled;
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    DataContext root = implementor.dataContext();
    if (root == null) {
      throw new IllegalStateException("a row-at-a-time subtree needs the execution's DataContext");
    }
    Compiled c = compiled();
    Schema schema = SqlArrowTypes.schema(getRowType());
    DataContext context = new StashContext(root, c.stash());
    int fields = getRowType().getFieldCount();
    return new SharedStreamNode("EnumerableToVec", schema,
        exec -> new RowStream(c.bindable().bind(context).enumerator(), schema, exec, fields));
  }

  /** Rows of the Enumerable child as batches of {@code batchRows}. */
  private static final class RowStream implements BatchStream {
    private final Enumerator<?> rows;
    private final RowBatchBuilder builder;
    private final ExecContext context;
    private final int fields;
    private boolean done;

    RowStream(Enumerator<?> rows, Schema schema, ExecContext context, int fields) {
      this.rows = rows;
      this.context = context;
      this.fields = fields;
      this.builder = new RowBatchBuilder(schema, context.allocator(), context.batchRows());
    }

    @Override
    public VectorSchemaRoot next() {
      if (done) {
        return null;
      }
      while (true) {
        if (!rows.moveNext()) {
          done = true;
          return builder.take();
        }
        Object row = rows.current();
        // Prefer.ARRAY still yields bare values for a single column.
        Object[] values = row instanceof Object[] a ? a
            : fields == 1 ? new Object[] {row} : new Object[0];
        if (builder.add(values)) {
          context.checkCancelled();
          return builder.take();
        }
      }
    }

    @Override
    public void close() {
      done = true;
      builder.close();
      rows.close();
    }
  }

  /** The execution's context plus the objects the compiled child stashed. */
  private static final class StashContext implements DataContext {
    private final DataContext delegate;
    private final Map<String, Object> stash;

    StashContext(DataContext delegate, Map<String, Object> stash) {
      this.delegate = delegate;
      this.stash = stash;
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
      Object v = stash.get(name);
      return v != null ? v : delegate.get(name);
    }
  }
}
