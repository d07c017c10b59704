package io.basalt.planner.physical;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.aggregate.AggregateCall.Function;
import io.basalt.engine.exec.aggregate.ColumnIO;
import io.basalt.engine.exec.aggregate.HashAggregateNode;
import io.basalt.planner.types.SqlArrowTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.hint.RelHint;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * GROUP BY (with grouping sets) and global aggregation on the engine: a {@link HashAggregateNode}
 * (thread-local partial hash tables, merged). {@link #toEngineCalls} decides what the engine
 * computes; the rule converts only aggregates it accepts, so anything else stays a fallback.
 * DISTINCT aggregates never reach it: Calcite expands them into grouping sets and FILTERs.
 */
public final class VecAggregate extends Aggregate implements VecRel {
  public VecAggregate(RelOptCluster cluster, RelTraitSet traits, RelNode input,
      ImmutableBitSet groupSet, List<ImmutableBitSet> groupSets, List<AggregateCall> aggCalls) {
    super(cluster, traits, List.<RelHint>of(), input, groupSet, groupSets, aggCalls);
  }

  @Override
  public Aggregate copy(RelTraitSet traitSet, RelNode input, ImmutableBitSet groupSet,
      List<ImmutableBitSet> groupSets, List<AggregateCall> aggCalls) {
    return new VecAggregate(getCluster(), traitSet, input, groupSet, groupSets, aggCalls);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Calcite's Aggregate formula (output rows × a per-call multiplier), scaled for VEC; the row
    // count is capped by the logical original's (BasaltRelMdRowCount), so that equivalent
    // aggregates are compared on the same estimate.
    return VecCosts.vectorized(super.computeSelfCost(planner, mq));
  }

  /**
   * The engine's calls for {@code agg}, with output fields of SQL-derived types; throws {@link
   * UnsupportedOperationException} for anything the engine does not compute.
   */
  public static List<io.basalt.engine.exec.aggregate.AggregateCall> toEngineCalls(Aggregate agg,
      List<Field> inputFields) {
    List<RelDataTypeField> outFields = agg.getRowType().getFieldList();
    int keys = agg.getGroupCount();
    List<io.basalt.engine.exec.aggregate.AggregateCall> calls = new ArrayList<>();
    for (int c = 0; c < agg.getAggCallList().size(); c++) {
      AggregateCall call = agg.getAggCallList().get(c);
      if (call.isDistinct() || call.distinctKeys != null) {
        throw new UnsupportedOperationException("DISTINCT aggregate " + call);
      }
      Function f = function(call);
      List<Integer> args = call.getArgList();
      int arity = args.size();
      boolean ok = switch (f) {
        case COUNT -> arity <= 1;
        case LITERAL -> arity == 0 && call.rexList.size() == 1;
        case GROUPING -> arity >= 1 && arity < 63;
        default -> arity == 1;
      };
      if (!ok) {
        throw new UnsupportedOperationException(call + " with " + arity + " arguments");
      }
      if (f == Function.GROUPING) {
        for (int a : args) {
          if (!agg.getGroupSet().get(a)) {
            throw new UnsupportedOperationException("GROUPING of a non-key column");
          }
        }
      }
      Field out = SqlArrowTypes.field(outFields.get(keys + c));
      if (f == Function.MIN || f == Function.MAX || f == Function.ANY_VALUE
          || f == Function.SINGLE_VALUE) {
        out = retype(out, inputFields.get(args.get(0)));
      }
      Object literal = f == Function.LITERAL ? literal(call.rexList.get(0)) : null;
      calls.add(new io.basalt.engine.exec.aggregate.AggregateCall(f,
          args.stream().mapToInt(Integer::intValue).toArray(), call.filterArg, out, literal));
    }
    return calls;
  }

  private static Function function(AggregateCall call) {
    return switch (call.getAggregation().getKind()) {
      case COUNT -> Function.COUNT;
      case SUM -> Function.SUM;
      case SUM0 -> Function.SUM0;
      case AVG -> Function.AVG;
      case MIN -> Function.MIN;
      case MAX -> Function.MAX;
      // EVERY / SOME (BOOL_AND / BOOL_OR) are Calcite's MIN / MAX over booleans (FALSE < TRUE).
      case ANY_VALUE -> Function.ANY_VALUE;
      case SINGLE_VALUE -> Function.SINGLE_VALUE;
      case LITERAL_AGG -> Function.LITERAL;
      case GROUPING, GROUPING_ID -> Function.GROUPING;
      default -> throw new UnsupportedOperationException("aggregate " + call.getAggregation());
    };
  }

  private static Object literal(RexNode node) {
    if (!(node instanceof RexLiteral lit)) {
      throw new UnsupportedOperationException("LITERAL_AGG of " + node);
    }
    if (lit.isNull()) {
      return null;
    }
    SqlTypeName t = lit.getType().getSqlTypeName();
    return switch (t) {
      case BOOLEAN -> lit.getValueAs(Boolean.class);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> lit.getValueAs(Long.class);
      case DECIMAL -> lit.getValueAs(BigDecimal.class);
      case FLOAT, REAL, DOUBLE -> lit.getValueAs(Double.class);
      case CHAR, VARCHAR -> lit.getValueAs(String.class);
      default -> throw new UnsupportedOperationException("LITERAL_AGG of type " + t);
    };
  }

  /** {@code out}'s name with {@code input}'s Arrow type: values pass through unchanged. */
  private static Field retype(Field out, Field input) {
    return new Field(out.getName(), new FieldType(true, input.getType(), null), null);
  }

  /** The output schema over inputs of {@code inputFields}: keys keep their input types. */
  static Schema outputSchema(Aggregate agg, List<Field> inputFields,
      List<io.basalt.engine.exec.aggregate.AggregateCall> calls) {
    List<RelDataTypeField> outFields = agg.getRowType().getFieldList();
    List<Field> fields = new ArrayList<>();
    int k = 0;
    for (int key : agg.getGroupSet()) {
      Field in = inputFields.get(key);
      ColumnIO.kind(in); // throws for key types the engine cannot group by
      fields.add(retype(SqlArrowTypes.field(outFields.get(k++)), in));
    }
    for (io.basalt.engine.exec.aggregate.AggregateCall c : calls) {
      fields.add(c.output());
    }
    return new Schema(fields);
  }

  /** Whether the engine runs {@code agg} over an input of its SQL row type; never throws. */
  public static boolean supports(Aggregate agg) {
    try {
      List<Field> inputFields = SqlArrowTypes.schema(agg.getInput().getRowType()).getFields();
      List<io.basalt.engine.exec.aggregate.AggregateCall> calls = toEngineCalls(agg, inputFields);
      outputSchema(agg, inputFields, calls);
      HashAggregateNode.validate(inputFields, calls);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    PhysicalNode input = implementor.visit(getInput());
    List<Field> inputFields = input.schema().getFields();
    List<io.basalt.engine.exec.aggregate.AggregateCall> calls = toEngineCalls(this, inputFields);
    Schema schema = outputSchema(this, inputFields, calls);
    List<int[]> sets = new ArrayList<>();
    if (getGroupType() != Group.SIMPLE) {
      for (ImmutableBitSet set : getGroupSets()) {
        sets.add(set.toArray());
      }
    }
    return new HashAggregateNode(input, getGroupSet().toArray(), sets, calls, schema, getId());
  }
}
