package io.basalt.planner.physical;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.sort.SortKey;
import io.basalt.engine.exec.window.WindowFrame;
import io.basalt.engine.exec.window.WindowFunction;
import io.basalt.engine.exec.window.WindowGroup;
import io.basalt.engine.exec.window.WindowNode;
import io.basalt.planner.types.SqlArrowTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalWindow;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.rex.RexWindowExclusion;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Window functions on the engine ({@link WindowNode}). The rule converts only windows whose every
 * function, argument type and frame the engine supports ({@link #engineGroups} returns null
 * otherwise), so anything else stays on Calcite's EnumerableWindow — except DISTINCT and IGNORE
 * NULLS calls, which EnumerableWindow would get wrong: {@link #rejectUnsupportedFallbacks} refuses
 * those plans with an error.
 *
 * <p>Calcite's Window refers to literals (frame offsets, LAG offsets and defaults, NTILE's count)
 * as input references beyond the input's fields, into {@link #constants}; they are resolved here
 * into the engine's plain values. The output keeps the input's order only when the input is
 * ordered, so the node claims no collation.
 */
public final class VecWindow extends Window implements VecRel {
  public VecWindow(RelOptCluster cluster, RelTraitSet traits, RelNode input,
      List<RexLiteral> constants, RelDataType rowType, List<Group> groups) {
    super(cluster, traits, input, constants, rowType, groups);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new VecWindow(getCluster(), traitSet, sole(inputs), constants, getRowType(), groups);
  }

  @Override
  public Window copy(List<RexLiteral> constants) {
    return new VecWindow(getCluster(), getTraitSet(), getInput(), constants, getRowType(), groups);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return VecCosts.vectorized(super.computeSelfCost(planner, mq));
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    PhysicalNode in = implementor.visit(getInput());
    Schema schema = SqlArrowTypes.schema(getRowType());
    List<WindowGroup> engineGroups = engineGroups(this, schema.getFields());
    if (engineGroups == null) {
      throw new IllegalStateException("window not supported by the engine: " + this);
    }
    return new WindowNode(in, engineGroups, schema, getId());
  }

  /**
   * The engine's groups of {@code window}, with the output fields {@code fields} (input fields
   * first); null when some function, type or frame is not supported.
   */
  static List<WindowGroup> engineGroups(Window window, List<Field> fields) {
    int inputCount = window.getInput().getRowType().getFieldCount();
    for (var f : window.getInput().getRowType().getFieldList()) {
      if (!supportedType(f.getType().getSqlTypeName())) {
        return null;
      }
    }
    List<WindowGroup> out = new ArrayList<>();
    int column = inputCount;
    for (Group g : window.groups) {
      if (g.exclude != RexWindowExclusion.EXCLUDE_NO_OTHER) {
        return null;
      }
      List<SortKey> order = VecSort.keys(g.orderKeys);
      WindowFrame frame = frame(window, g, order, inputCount);
      if (frame == null) {
        return null;
      }
      List<WindowFunction> fns = new ArrayList<>();
      for (Window.RexWinAggCall call : g.aggCalls) {
        Field field = fields == null ? null : fields.get(column);
        WindowFunction fn = function(window, call, field, inputCount);
        if (fn == null) {
          return null;
        }
        fns.add(fn);
        column++;
      }
      out.add(new WindowGroup(g.keys.toArray(), order, frame, fns));
    }
    return out;
  }

  private static boolean supportedType(SqlTypeName t) {
    return switch (t) {
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, FLOAT, DOUBLE, DECIMAL, CHAR,
          VARCHAR, BINARY, VARBINARY, DATE, TIME, TIMESTAMP -> true;
      default -> false;
    };
  }

  private static boolean integer(SqlTypeName t) {
    return t == SqlTypeName.TINYINT || t == SqlTypeName.SMALLINT || t == SqlTypeName.INTEGER
        || t == SqlTypeName.BIGINT;
  }

  private static boolean floating(SqlTypeName t) {
    return t == SqlTypeName.REAL || t == SqlTypeName.FLOAT || t == SqlTypeName.DOUBLE;
  }

  /** A literal operand: a RexLiteral, or a reference into the window's constants. */
  private static RexLiteral constant(Window window, RexNode node, int inputCount) {
    if (node instanceof RexLiteral lit) {
      return lit;
    }
    if (node instanceof RexInputRef ref && ref.getIndex() >= inputCount) {
      return window.constants.get(ref.getIndex() - inputCount);
    }
    return null;
  }

  /** An input column operand, or -1. */
  private static int column(RexNode node, int inputCount) {
    return node instanceof RexInputRef ref && ref.getIndex() < inputCount ? ref.getIndex() : -1;
  }

  private static WindowFrame frame(Window window, Group g, List<SortKey> order, int inputCount) {
    WindowFrame.Bound lower = bound(window, g, g.lowerBound, order, inputCount);
    WindowFrame.Bound upper = bound(window, g, g.upperBound, order, inputCount);
    if (lower == null || upper == null) {
      return null;
    }
    return new WindowFrame(g.isRows, lower, upper);
  }

  private static WindowFrame.Bound bound(Window window, Group g, RexWindowBound b,
      List<SortKey> order, int inputCount) {
    if (b.isUnboundedPreceding()) {
      return new WindowFrame.Bound(WindowFrame.BoundKind.UNBOUNDED_PRECEDING, 0);
    }
    if (b.isUnboundedFollowing()) {
      return new WindowFrame.Bound(WindowFrame.BoundKind.UNBOUNDED_FOLLOWING, 0);
    }
    if (b.isCurrentRow()) {
      return new WindowFrame.Bound(WindowFrame.BoundKind.CURRENT_ROW, 0);
    }
    WindowFrame.BoundKind kind = b.isPreceding() ? WindowFrame.BoundKind.PRECEDING
        : WindowFrame.BoundKind.FOLLOWING;
    RexLiteral lit = constant(window, b.getOffset(), inputCount);
    if (lit == null || lit.isNull()) {
      return null;
    }
    long offset;
    if (g.isRows) {
      offset = exactLong(lit);
    } else {
      // RANGE offsets: one ORDER BY key whose values the engine reads as plain longs.
      if (order.size() != 1) {
        return null;
      }
      RelDataType keyType = window.getInput().getRowType().getFieldList()
          .get(order.get(0).column()).getType();
      SqlTypeName k = keyType.getSqlTypeName();
      BigDecimal value = lit.getValueAs(BigDecimal.class);
      if (value == null) {
        return null;
      }
      if (integer(k)) {
        offset = exactLong(value);
      } else if (k == SqlTypeName.DECIMAL && keyType.getPrecision() <= 18) {
        offset = exactLong(value.movePointRight(keyType.getScale()));
      } else if (k == SqlTypeName.DATE
          && lit.getTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_DAY_TIME) {
        // A day-time interval literal holds milliseconds; a DATE is days.
        BigDecimal days = value.divide(BigDecimal.valueOf(86_400_000L));
        offset = exactLong(days);
      } else {
        return null;
      }
    }
    if (offset < 0) {
      return null;
    }
    return new WindowFrame.Bound(kind, offset);
  }

  private static long exactLong(RexLiteral lit) {
    BigDecimal v = lit.getValueAs(BigDecimal.class);
    return v == null ? -1 : exactLong(v);
  }

  /** The value as a long, or -1 when it has a fraction or is out of range (not convertible). */
  private static long exactLong(BigDecimal v) {
    try {
      return v.longValueExact();
    } catch (ArithmeticException e) {
      return -1;
    }
  }

  /** The engine's function for {@code call}, DISTINCT and IGNORE NULLS included, or null. */
  private static WindowFunction function(Window window, Window.RexWinAggCall call, Field output,
      int inputCount) {
    WindowFunction fn = plainFunction(window, call, output, inputCount);
    if (fn == null || !(call.distinct || call.ignoreNulls)) {
      return fn;
    }
    boolean distinct = false;
    boolean ignoreNulls = false;
    switch (fn.kind()) {
      case COUNT, SUM, SUM0, AVG -> {
        // IGNORE NULLS changes nothing for aggregates: they skip NULLs anyway.
        if (call.distinct && fn.argument() < 0) {
          return null; // COUNT(DISTINCT <constant>)
        }
        distinct = call.distinct;
      }
      case MIN, MAX -> {
        // Neither DISTINCT nor IGNORE NULLS changes a minimum or maximum.
      }
      case LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE -> {
        if (call.distinct) {
          return null;
        }
        ignoreNulls = true;
      }
      default -> {
        return null;
      }
    }
    return fn.with(distinct, ignoreNulls);
  }

  /**
   * Fails when {@code plan} holds a window that did not become a {@link VecWindow} and has a
   * DISTINCT or IGNORE NULLS call: Calcite's EnumerableWindow drops DISTINCT without a word
   * (COUNT(DISTINCT x) OVER () counted every row) and cannot implement IGNORE NULLS, so such a plan
   * must not run. Called on every plan before it is implemented.
   */
  public static void rejectUnsupportedFallbacks(RelNode plan) {
    if (plan instanceof Window window && !(plan instanceof VecWindow)) {
      for (Group g : window.groups) {
        for (Window.RexWinAggCall call : g.aggCalls) {
          if (call.distinct || call.ignoreNulls) {
            throw new UnsupportedOperationException("not supported: window function "
                + call.getOperator().getName() + (call.distinct ? " with DISTINCT" : "")
                + (call.ignoreNulls ? " with IGNORE NULLS" : "") + " over columns "
                + window.getInput().getRowType().getFullTypeString() + "; Basalt runs DISTINCT"
                + " for COUNT/SUM/AVG/MIN/MAX and IGNORE NULLS for LAG/LEAD/FIRST_VALUE/"
                + "LAST_VALUE/NTH_VALUE over numeric, string, binary, boolean, date and time"
                + " columns; cast the other columns or drop DISTINCT/IGNORE NULLS");
          }
        }
      }
    }
    for (RelNode input : plan.getInputs()) {
      rejectUnsupportedFallbacks(input);
    }
  }

  private static WindowFunction plainFunction(Window window, Window.RexWinAggCall call,
      Field output, int inputCount) {
    List<RexNode> ops = call.getOperands();
    List<RelDataType> inputTypes = new ArrayList<>();
    window.getInput().getRowType().getFieldList().forEach(f -> inputTypes.add(f.getType()));
    SqlTypeName result = call.getType().getSqlTypeName();
    if (!supportedType(result)) {
      return null;
    }
    int arg = ops.isEmpty() ? -1 : column(ops.get(0), inputCount);
    SqlTypeName argType = arg < 0 ? null : inputTypes.get(arg).getSqlTypeName();
    WindowFunction.Kind kind;
    switch (call.getOperator().getKind()) {
      case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST -> {
        if (!ops.isEmpty()) {
          return null;
        }
        kind = WindowFunction.Kind.valueOf(call.getOperator().getKind().name());
        boolean dbl = kind == WindowFunction.Kind.PERCENT_RANK
            || kind == WindowFunction.Kind.CUME_DIST;
        if (dbl ? !floating(result) : !integer(result)) {
          return null;
        }
        return WindowFunction.of(kind, output);
      }
      case NTILE -> {
        RexLiteral n = ops.size() == 1 ? constant(window, ops.get(0), inputCount) : null;
        long buckets = n == null || n.isNull() ? -1 : exactLong(n);
        if (buckets <= 0 || !integer(result)) {
          return null;
        }
        return new WindowFunction(WindowFunction.Kind.NTILE, -1, buckets, -1, null, output);
      }
      case COUNT -> {
        if (!integer(result)) {
          return null;
        }
        if (ops.isEmpty()) {
          return WindowFunction.of(WindowFunction.Kind.COUNT, output);
        }
        if (ops.size() != 1) {
          return null;
        }
        if (arg < 0) {
          RexLiteral lit = constant(window, ops.get(0), inputCount);
          // COUNT(1) counts rows; COUNT(NULL) is always 0 (left to Calcite).
          return lit != null && !lit.isNull() ? WindowFunction.of(WindowFunction.Kind.COUNT,
              output) : null;
        }
        return WindowFunction.of(WindowFunction.Kind.COUNT, arg, output);
      }
      case SUM, SUM0 -> {
        if (ops.size() != 1 || arg < 0) {
          return null;
        }
        kind = call.getOperator().getKind() == org.apache.calcite.sql.SqlKind.SUM
            ? WindowFunction.Kind.SUM : WindowFunction.Kind.SUM0;
        boolean ok = integer(argType) ? result == SqlTypeName.BIGINT
            : floating(argType) ? floating(result)
            : argType == SqlTypeName.DECIMAL && result == SqlTypeName.DECIMAL
                && call.getType().getScale() == inputTypes.get(arg).getScale();
        return ok ? WindowFunction.of(kind, arg, output) : null;
      }
      case AVG -> {
        if (ops.size() != 1 || arg < 0 || !floating(result)
            || !(integer(argType) || floating(argType) || argType == SqlTypeName.DECIMAL)) {
          return null;
        }
        return WindowFunction.of(WindowFunction.Kind.AVG, arg, output);
      }
      case MIN, MAX, FIRST_VALUE, LAST_VALUE -> {
        if (ops.size() != 1 || arg < 0 || !sameType(inputTypes.get(arg), call.getType())) {
          return null;
        }
        return WindowFunction.of(WindowFunction.Kind.valueOf(call.getOperator().getKind().name()),
            arg, output);
      }
      case NTH_VALUE -> {
        RexLiteral n = ops.size() == 2 ? constant(window, ops.get(1), inputCount) : null;
        long nth = n == null || n.isNull() ? -1 : exactLong(n);
        if (arg < 0 || nth <= 0 || !sameType(inputTypes.get(arg), call.getType())) {
          return null;
        }
        return new WindowFunction(WindowFunction.Kind.NTH_VALUE, arg, nth, -1, null, output);
      }
      case LAG, LEAD -> {
        if (ops.isEmpty() || ops.size() > 3 || arg < 0
            || !sameType(inputTypes.get(arg), call.getType())) {
          return null;
        }
        long offset = 1;
        if (ops.size() >= 2) {
          RexLiteral lit = constant(window, ops.get(1), inputCount);
          if (lit == null || lit.isNull()) {
            return null;
          }
          BigDecimal v = lit.getValueAs(BigDecimal.class);
          try {
            offset = v.longValueExact();
          } catch (ArithmeticException e) {
            return null;
          }
        }
        int defaultColumn = -1;
        Object defaultValue = null;
        if (ops.size() == 3) {
          int dc = column(ops.get(2), inputCount);
          if (dc >= 0) {
            if (!sameType(inputTypes.get(dc), call.getType())) {
              return null;
            }
            defaultColumn = dc;
          } else {
            RexLiteral lit = constant(window, ops.get(2), inputCount);
            if (lit == null) {
              return null;
            }
            try {
              defaultValue = VecValues.value(lit, call.getType());
            } catch (RuntimeException e) {
              return null;
            }
          }
        }
        kind = call.getOperator().getKind() == org.apache.calcite.sql.SqlKind.LAG
            ? WindowFunction.Kind.LAG : WindowFunction.Kind.LEAD;
        return new WindowFunction(kind, arg, offset, defaultColumn, defaultValue, output);
      }
      default -> {
        return null;
      }
    }
  }

  /** Same SQL type up to nullability (the engine copies values without converting them). */
  private static boolean sameType(RelDataType a, RelDataType b) {
    if (a.getSqlTypeName() != b.getSqlTypeName()) {
      return false;
    }
    if (a.getSqlTypeName() == SqlTypeName.DECIMAL) {
      return a.getPrecision() == b.getPrecision() && a.getScale() == b.getScale();
    }
    return true;
  }

  /** LogicalWindow to {@link VecWindow}, when the engine supports every function and frame. */
  public static final class Rule extends ConverterRule {
    public static final ConverterRule INSTANCE = Config.INSTANCE
        .withConversion(LogicalWindow.class, w -> engineGroups(w, null) != null,
            Convention.NONE, VecConvention.INSTANCE, "VecWindowRule")
        .withRuleFactory(Rule::new)
        .toRule(Rule.class);

    private Rule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      Window window = (Window) rel;
      RelNode input = window.getInput();
      RelNode vecInput = convert(input, input.getTraitSet().replace(VecConvention.INSTANCE));
      RelTraitSet traits = window.getTraitSet().replace(VecConvention.INSTANCE)
          .replaceIf(RelCollationTraitDef.INSTANCE, () -> RelCollations.EMPTY);
      return new VecWindow(window.getCluster(), traits, vecInput, window.constants,
          window.getRowType(), window.groups);
    }
  }
}
