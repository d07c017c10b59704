package io.basalt.planner.physical;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.setop.HashSetOpNode;
import io.basalt.planner.types.SqlArrowTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.logical.LogicalIntersect;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * INTERSECT [ALL] on the engine ({@link HashSetOpNode}). Calcite's rewrite into an aggregate over
 * a UNION ALL stays available; Volcano picks the cheaper plan.
 */
public final class VecIntersect extends Intersect implements VecRel {
  public VecIntersect(RelOptCluster cluster, RelTraitSet traits, List<RelNode> inputs,
      boolean all) {
    super(cluster, traits, List.of(), inputs, all);
  }

  @Override
  public SetOp copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
    return new VecIntersect(getCluster(), traitSet, inputs, all);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return VecCosts.vectorized(super.computeSelfCost(planner, mq));
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    return implementSetOp(implementor, this, true);
  }

  static PhysicalNode implementSetOp(VecImplementor implementor, SetOp op, boolean intersect) {
    List<PhysicalNode> in = new ArrayList<>();
    for (RelNode input : op.getInputs()) {
      in.add(implementor.visit(input));
    }
    return new HashSetOpNode(SqlArrowTypes.schema(op.getRowType()), in, intersect, op.all);
  }

  /**
   * Whether the engine can run {@code op}: every column of a type it hashes and compares, the
   * same type (up to nullability) in every input, so that equal values encode equally.
   */
  static boolean supported(SetOp op) {
    List<RelDataTypeField> first = op.getInputs().get(0).getRowType().getFieldList();
    for (RelNode input : op.getInputs()) {
      List<RelDataTypeField> fields = input.getRowType().getFieldList();
      if (fields.size() != first.size()) {
        return false;
      }
      for (int c = 0; c < fields.size(); c++) {
        RelDataType a = first.get(c).getType();
        RelDataType b = fields.get(c).getType();
        if (a.getSqlTypeName() != b.getSqlTypeName() || a.getScale() != b.getScale()) {
          return false;
        }
        if (a.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.DECIMAL
            && (a.getPrecision() <= 18) != (b.getPrecision() <= 18)) {
          return false;
        }
        switch (a.getSqlTypeName()) {
          case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, FLOAT, DOUBLE, DECIMAL, CHAR,
              VARCHAR, BINARY, VARBINARY, DATE, TIME, TIMESTAMP -> { }
          default -> {
            return false;
          }
        }
      }
    }
    // CHAR columns of different lengths would compare padded values; keep them on Calcite.
    return op.getRowType().getFieldList().stream().allMatch(f ->
        f.getType().getSqlTypeName() != org.apache.calcite.sql.type.SqlTypeName.CHAR
            || op.getInputs().stream().allMatch(i -> i.getRowType().getFieldList()
                .get(f.getIndex()).getType().getPrecision() == f.getType().getPrecision()));
  }

  /** LogicalIntersect to {@link VecIntersect}. */
  public static final class Rule extends ConverterRule {
    public static final ConverterRule INSTANCE = Config.INSTANCE
        .withConversion(LogicalIntersect.class, VecIntersect::supported, Convention.NONE,
            VecConvention.INSTANCE, "VecIntersectRule")
        .withRuleFactory(Rule::new)
        .toRule(Rule.class);

    private Rule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      SetOp op = (SetOp) rel;
      return new VecIntersect(op.getCluster(), op.getTraitSet().replace(VecConvention.INSTANCE),
          vecInputs(op), op.all);
    }
  }

  static List<RelNode> vecInputs(SetOp op) {
    List<RelNode> inputs = new ArrayList<>();
    for (RelNode input : op.getInputs()) {
      inputs.add(ConverterRule.convert(input, input.getTraitSet().replace(VecConvention.INSTANCE)));
    }
    return inputs;
  }
}
