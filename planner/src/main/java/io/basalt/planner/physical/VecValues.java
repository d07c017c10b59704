package io.basalt.planner.physical;

import com.google.common.collect.ImmutableList;
import io.basalt.engine.BasaltEngine;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.setop.ValuesNode;
import io.basalt.planner.catalog.DataRootSchema;
import io.basalt.planner.types.SqlArrowTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexLiteral;

/**
 * Literal rows (VALUES, and the empty relation Calcite plans for LIMIT 0 or a false filter) as one
 * engine batch ({@link ValuesNode}). It reads no table, so it carries the engine of the statement's
 * Basalt schema, found by the rule through the planner's context.
 */
public final class VecValues extends Values implements VecRel {
  private final BasaltEngine engine;

  public VecValues(RelOptCluster cluster, RelDataType rowType,
      ImmutableList<ImmutableList<RexLiteral>> tuples, RelTraitSet traits, BasaltEngine engine) {
    super(cluster, rowType, tuples, traits);
    this.engine = engine;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new VecValues(getCluster(), getRowType(), tuples, traitSet, engine);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return VecCosts.vectorized(super.computeSelfCost(planner, mq));
  }

  @Override
  public BasaltEngine engine() {
    return engine;
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    List<RelDataTypeField> fields = getRowType().getFieldList();
    List<Object[]> rows = new ArrayList<>(tuples.size());
    for (List<RexLiteral> tuple : tuples) {
      Object[] row = new Object[fields.size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = value(tuple.get(c), fields.get(c).getType());
      }
      rows.add(row);
    }
    return new ValuesNode(SqlArrowTypes.schema(getRowType()), rows);
  }

  /** A literal in ValuesNode's representation of the column's type; throws when unsupported. */
  static Object value(RexLiteral lit, RelDataType type) {
    if (lit.isNull()) {
      return null;
    }
    return switch (type.getSqlTypeName()) {
      case BOOLEAN -> lit.getValueAs(Boolean.class);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> lit.getValueAs(Long.class);
      case REAL, FLOAT, DOUBLE -> lit.getValueAs(Double.class);
      case DECIMAL -> lit.getValueAs(java.math.BigDecimal.class);
      case CHAR, VARCHAR -> lit.getValueAs(String.class);
      case BINARY, VARBINARY -> lit.getValueAs(ByteString.class).getBytes();
      case DATE -> lit.getValueAs(Integer.class);
      case TIME -> lit.getValueAs(Integer.class);
      case TIMESTAMP -> lit.getValueAs(Long.class) * 1000; // millis -> the engine's micros
      default -> throw new UnsupportedOperationException("VALUES of type " + type);
    };
  }

  /** LogicalValues to {@link VecValues}, when the statement has a Basalt schema. */
  public static final class Rule extends ConverterRule {
    public static final ConverterRule INSTANCE = Config.INSTANCE
        .withConversion(LogicalValues.class, Rule::supported, Convention.NONE,
            VecConvention.INSTANCE, "VecValuesRule")
        .withRuleFactory(Rule::new)
        .toRule(Rule.class);

    private Rule(Config config) {
      super(config);
    }

    private static boolean supported(LogicalValues values) {
      for (RelDataTypeField f : values.getRowType().getFieldList()) {
        switch (f.getType().getSqlTypeName()) {
          case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, FLOAT, DOUBLE, DECIMAL, CHAR,
              VARCHAR, BINARY, VARBINARY, DATE, TIME, TIMESTAMP -> { }
          default -> {
            return false;
          }
        }
      }
      return true;
    }

    @Override
    public RelNode convert(RelNode rel) {
      BasaltEngine engine = engineOf(rel.getCluster());
      if (engine == null) {
        return null; // no Basalt schema: Calcite's own VALUES
      }
      LogicalValues values = (LogicalValues) rel;
      return new VecValues(values.getCluster(), values.getRowType(), values.getTuples(),
          values.getTraitSet().replace(VecConvention.INSTANCE), engine);
    }

    /** The engine of the statement's Basalt schema, or null when it has none. */
    static BasaltEngine engineOf(RelOptCluster cluster) {
      CalcitePrepare.Context context =
          cluster.getPlanner().getContext().unwrap(CalcitePrepare.Context.class);
      if (context == null) {
        return null;
      }
      CalciteSchema sub = context.getRootSchema().getSubSchema(DataRootSchema.NAME, true);
      return sub != null && sub.schema instanceof DataRootSchema d ? d.engine() : null;
    }
  }
}
