package io.basalt.planner.physical;

import io.basalt.engine.exec.join.JoinType;
import io.basalt.engine.expr.ConditionKernel;
import io.basalt.planner.codegen.KernelCompiler;
import io.basalt.planner.types.SqlArrowTypes;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.type.SqlTypeName;

/** What {@link VecHashJoin} and {@link VecNestedLoopJoin} share: support checks, build side. */
final class VecJoins {
  private VecJoins() {}

  /** Join types the engine runs (ASOF and mark joins are not). */
  static boolean supportedType(JoinRelType t) {
    return switch (t) {
      case INNER, LEFT, RIGHT, FULL, SEMI, ANTI -> true;
      default -> false;
    };
  }

  /** Whether the engine's batches can carry every column of both inputs. */
  static boolean arrowTypes(Join join) {
    try {
      SqlArrowTypes.schema(join.getLeft().getRowType());
      SqlArrowTypes.schema(join.getRight().getRowType());
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * Whether two key columns can be compared by the hash table as they are: the same type, or
   * integers of any width (read as longs). Calcite casts the keys of different types in the join
   * condition; a cast key is not a plain column, so it ends in the residual, not here.
   */
  static boolean compatibleKeys(RelDataType a, RelDataType b) {
    SqlTypeName x = a.getSqlTypeName();
    SqlTypeName y = b.getSqlTypeName();
    if (SqlTypeName.INT_TYPES.contains(x) && SqlTypeName.INT_TYPES.contains(y)) {
      return true;
    }
    if (x != y) {
      return (x == SqlTypeName.DOUBLE || x == SqlTypeName.FLOAT)
          && (y == SqlTypeName.DOUBLE || y == SqlTypeName.FLOAT);
    }
    return switch (x) {
      case DECIMAL -> a.getScale() == b.getScale();
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIME -> a.getPrecision() == b.getPrecision();
      case BOOLEAN, DATE, REAL, DOUBLE, FLOAT, VARCHAR, BINARY, VARBINARY -> true;
      // CHAR(n) keys compare with padding semantics only among equal lengths.
      case CHAR -> a.getPrecision() == b.getPrecision();
      default -> false;
    };
  }

  /** The row type a condition over the join's inputs reads: left fields, then right fields. */
  static RelDataType pairRowType(Join join) {
    return join.getCluster().getTypeFactory().createJoinType(join.getLeft().getRowType(),
        join.getRight().getRowType());
  }

  /** A kernel for {@code conditions} (ANDed), or empty if the compiler cannot compile it. */
  static Optional<ConditionKernel> kernel(Join join, List<RexNode> conditions) {
    RexNode residual = RexUtil.composeConjunction(join.getCluster().getRexBuilder(), conditions);
    return KernelCompiler.condition(residual, pairRowType(join));
  }

  /** The left ++ right columns {@code conditions} read. */
  static int[] columns(List<RexNode> conditions) {
    return RelOptUtil.InputFinder.bits(conditions, null).toArray();
  }

  /**
   * Whether to build on the left input: when the left side is estimated smaller. For semi and
   * anti joins that means hashing the preserved side and marking its rows as the other side
   * streams past ({@link JoinType#BUILD_SEMI}, {@link JoinType#BUILD_ANTI}): EXISTS over a big
   * table from a few outer rows then costs a scan, not a hash table of the big table.
   */
  static boolean buildLeft(Join join) {
    RelMetadataQuery mq = join.getCluster().getMetadataQuery();
    Double l = mq.getRowCount(join.getLeft());
    Double r = mq.getRowCount(join.getRight());
    if (l == null || r == null) {
      return false;
    }
    if (join.getJoinType() == JoinRelType.INNER) {
      // An aggregate's group count is a guess (a tenth of its input without statistics), and
      // hashing the other side is what lets that side's keys filter the aggregate's input (a
      // runtime filter passes through group keys): TPC-H Q2 and Q20 aggregated every part's
      // rows to join a few hundred. So an aggregate side counts as large as its input.
      l = Math.max(l, aggregateInputRows(mq, join.getLeft()));
      r = Math.max(r, aggregateInputRows(mq, join.getRight()));
    }
    if (join.getJoinType() == JoinRelType.SEMI || join.getJoinType() == JoinRelType.ANTI) {
      // The right side of a semi join is a sub-query, usually filtered or aggregated down, and
      // key distinct counts from statistics are upper bounds that can make a join look a few
      // times smaller than it is (TPC-H Q18 hashed 6 M join rows against 57 sub-query rows):
      // hash the left side only when it is clearly smaller.
      return l * 8 < r;
    }
    return l < r;
  }

  /**
   * The estimated input rows of the aggregate {@code side} is (possibly under projections and
   * filters), or 0 when it is not one.
   */
  private static double aggregateInputRows(RelMetadataQuery mq, RelNode side) {
    RelNode node = concrete(side);
    while (node instanceof org.apache.calcite.rel.core.Calc
        || node instanceof org.apache.calcite.rel.core.Project
        || node instanceof org.apache.calcite.rel.core.Filter) {
      node = concrete(node.getInput(0));
    }
    if (node instanceof org.apache.calcite.rel.core.Aggregate agg && agg.getGroupCount() > 0) {
      Double rows = mq.getRowCount(agg.getInput());
      return rows == null ? 0 : rows;
    }
    return 0;
  }

  /** The node a planner subset stands for (its best plan so far, else its first member). */
  private static RelNode concrete(RelNode node) {
    if (node instanceof org.apache.calcite.plan.volcano.RelSubset subset) {
      RelNode best = subset.getBest();
      return best != null ? best : subset.getOriginal();
    }
    return node;
  }

  /** The engine's join type for a SQL join type and build side. */
  static JoinType engineType(JoinRelType t, boolean buildIsLeft) {
    return switch (t) {
      case INNER -> JoinType.INNER;
      case LEFT -> buildIsLeft ? JoinType.BUILD_OUTER : JoinType.PROBE_OUTER;
      case RIGHT -> buildIsLeft ? JoinType.PROBE_OUTER : JoinType.BUILD_OUTER;
      case FULL -> JoinType.FULL;
      case SEMI -> buildIsLeft ? JoinType.BUILD_SEMI : JoinType.SEMI;
      case ANTI -> buildIsLeft ? JoinType.BUILD_ANTI : JoinType.ANTI;
      default -> throw new IllegalArgumentException("unsupported join type " + t);
    };
  }

  /** Whether {@code keys} of the two inputs can all be hash-join keys. */
  static boolean keysCompatible(Join join, JoinInfo info) {
    List<org.apache.calcite.rel.type.RelDataTypeField> l = join.getLeft().getRowType().getFieldList();
    List<org.apache.calcite.rel.type.RelDataTypeField> r =
        join.getRight().getRowType().getFieldList();
    for (int i = 0; i < info.leftKeys.size(); i++) {
      if (!compatibleKeys(l.get(info.leftKeys.get(i)).getType(),
          r.get(info.rightKeys.get(i)).getType())) {
        return false;
      }
    }
    return true;
  }

  /** Row count estimate helper for costs. */
  static double rows(RelMetadataQuery mq, RelNode rel) {
    Double d = mq.getRowCount(rel);
    return d == null ? 1e6 : d;
  }
}
