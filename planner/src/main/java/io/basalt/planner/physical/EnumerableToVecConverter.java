package io.basalt.planner.physical;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.SharedStreamNode;
import io.basalt.planner.catalog.CsvTable;
import io.basalt.planner.catalog.ParquetTable;
import io.basalt.planner.types.SqlArrowTypes;
import io.basalt.planner.write.RowBatchBuilder;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterImpl;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The boundary from Calcite's row-at-a-time operators back into the engine: runs its Enumerable
 * input (compiled once per plan) and packs the rows into Arrow batches for the VEC operator above,
 * e.g. a {@link VecAggregate} over an {@code EnumerableCalc} until the vectorized Calc exists. The
 * rows come from one enumerator, so the engine's copies share it ({@link SharedStreamNode}); the
 * operators above still run on every worker. EXPLAIN marks it as a fallback (its name starts with
 * "Enumerable").
 */
public final class EnumerableToVecConverter extends ConverterImpl implements VecRel {
  private Bindable<?> bindable;
  private Map<String, Object> internalParameters;

  public EnumerableToVecConverter(RelOptCluster cluster, RelTraitSet traits, RelNode input) {
    super(cluster, ConventionTraitDef.INSTANCE, traits, input);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new EnumerableToVecConverter(getCluster(), traitSet, sole(inputs));
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Nearly free on purpose. Calcite costs an Aggregate by its output rows only, so a saving on the
    // aggregate can never pay for a converter costed by its input rows, and Volcano would keep
    // every Enumerable aggregate. Packing rows is cheap next to the row operators producing them,
    // and the engine operator above is what the migration wants wherever it applies; a round trip
    // VEC -> Enumerable -> VEC still costs the other converter, so it is never chosen for nothing.
    return planner.getCostFactory().makeCost(0.01, 0, 0);
  }

  /** Compiles the Enumerable input once (Janino code generation is slow); thread-safe. */
  private synchronized Bindable<?> bindable() {
    if (bindable == null) {
      Map<String, Object> parameters = new HashMap<>();
      // Profiled so that EXPLAIN ANALYZE sees these row operators too; a no-op otherwise.
      EnumerableRel rel = (EnumerableRel) ProfiledEnumerable.wrap(getInput());
      bindable = EnumerableInterpretable.toBindable(parameters, null, rel, EnumerableRel.Prefer.ARRAY);
      internalParameters = parameters;
    }
    return bindable;
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    DataContext root = implementor.dataContext();
    if (root == null) {
      throw new IllegalStateException("EnumerableToVecConverter needs the statement's DataContext");
    }
    Bindable<?> b = bindable();
    DataContext context = new ParameterDataContext(root, internalParameters);
    Schema schema = SqlArrowTypes.schema(getRowType());
    int fields = getRowType().getFieldCount();
    return new SharedStreamNode("EnumerableToVec", schema,
        exec -> new RowStream(b.bind(context).enumerator(), schema, fields, exec));
  }

  @Override
  public BasaltEngine engine() {
    BasaltEngine engine = findEngine(getInput(), new IdentityHashMap<>());
    if (engine == null) {
      throw new IllegalStateException("no Basalt table below " + getInput().getRelTypeName());
    }
    return engine;
  }

  /**
   * The engine of some Basalt table or engine operator in {@code rel}'s tree (during planning,
   * through the rels of each subset), or null when the tree reads none.
   */
  public static BasaltEngine findEngine(RelNode rel, Map<RelNode, Boolean> seen) {
    if (rel == null || seen.put(rel, Boolean.TRUE) != null) {
      return null;
    }
    if (rel instanceof RelSubset subset) {
      for (RelNode r : subset.getRelList()) {
        BasaltEngine e = findEngine(r, seen);
        if (e != null) {
          return e;
        }
      }
      return null;
    }
    if (rel instanceof VecTableScan || rel instanceof VecCsvScan) {
      return ((VecRel) rel).engine();
    }
    RelOptTable table = rel.getTable();
    if (table != null) {
      ParquetTable p = table.unwrap(ParquetTable.class);
      if (p != null) {
        return p.engine();
      }
      CsvTable c = table.unwrap(CsvTable.class);
      if (c != null) {
        return c.engine();
      }
    }
    for (RelNode input : rel.getInputs()) {
      BasaltEngine e = findEngine(input, seen);
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  /** Rows of one enumerator as batches of the converter's schema. */
  private static final class RowStream implements BatchStream {
    private final Enumerator<?> rows;
    private final RowBatchBuilder builder;
    private final int fields;
    private final ExecContext context;
    private boolean done;

    RowStream(Enumerator<?> rows, Schema schema, int fields, ExecContext context) {
      this.rows = rows;
      this.fields = fields;
      this.context = context;
      this.builder = new RowBatchBuilder(schema, context.allocator(), context.batchRows());
    }

    @Override
    public VectorSchemaRoot next() {
      if (done) {
        return null;
      }
      context.checkCancelled();
      while (rows.moveNext()) {
        Object row = rows.current();
        Object[] values = fields == 1 ? new Object[] {row}
            : fields == 0 ? new Object[0] : (Object[]) row;
        if (builder.add(values)) {
          return builder.take();
        }
      }
      done = true;
      return builder.take();
    }

    @Override
    public void close() {
      done = true;
      try {
        rows.close();
      } finally {
        builder.close();
      }
    }
  }

  /** The statement's context plus the objects the compiled code stashed (nested VEC plans). */
  private static final class ParameterDataContext implements DataContext {
    private final DataContext delegate;
    private final Map<String, Object> parameters;

    ParameterDataContext(DataContext delegate, Map<String, Object> parameters) {
      this.delegate = delegate;
      this.parameters = parameters;
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
      return parameters.containsKey(name) ? parameters.get(name) : delegate.get(name);
    }
  }
}
