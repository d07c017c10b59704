package io.basalt.planner.pushdown;

import io.basalt.engine.catalog.DatasetColumn;
import io.basalt.engine.pushdown.CompareOp;
import io.basalt.engine.pushdown.DomainValues;
import io.basalt.engine.pushdown.Operand;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.engine.pushdown.ValueDomain;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/**
 * Translates a filter condition into the part of it a Parquet scan can use for skipping: a
 * {@link ScanPredicate} over dataset columns. Pushable leaves compare a column — or an
 * order- and value-preserving CAST of one — with a literal or a dynamic parameter ({@code =, <>,
 * <, <=, >, >=}, BETWEEN and IN as Calcite expands them, {@code IS [NOT] NULL}, {@code LIKE}, a
 * boolean column); NOT is pushed down to the leaves. Whatever is not pushable is dropped from a
 * conjunction (the result is weaker, never stronger, than the condition) and makes a disjunction
 * unpushable. The query keeps its exact filter above the scan.
 */
public final class RexToScanPredicate {
  private final RexBuilder rexBuilder;
  /** Scan output field i reads dataset column projection[i]. */
  private final int[] projection;
  private final List<DatasetColumn> columns;

  public RexToScanPredicate(RexBuilder rexBuilder, int[] projection, List<DatasetColumn> columns) {
    this.rexBuilder = rexBuilder;
    this.projection = projection.clone();
    this.columns = columns;
  }

  /** The pushable part of {@code condition}, or null when nothing is pushable. */
  public ScanPredicate convert(RexNode condition) {
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, condition);
    return and(RelOptUtil.conjunctions(expanded), false);
  }

  private ScanPredicate node(RexNode node, boolean negated) {
    switch (node.getKind()) {
      case AND:
        return negated ? or(((RexCall) node).getOperands(), true)
            : and(((RexCall) node).getOperands(), false);
      case OR:
        return negated ? and(((RexCall) node).getOperands(), true)
            : or(((RexCall) node).getOperands(), false);
      case NOT:
        return node(((RexCall) node).getOperands().get(0), !negated);
      case IS_NULL:
      case IS_NOT_NULL: {
        Integer column = column(((RexCall) node).getOperands().get(0));
        if (column == null) {
          return null;
        }
        boolean notNull = node.getKind() == SqlKind.IS_NOT_NULL;
        return new ScanPredicate.IsNull(column, notNull != negated);
      }
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        return comparison((RexCall) node, negated);
      case LIKE:
        return like((RexCall) node, negated);
      case INPUT_REF: {
        // A boolean column used as a condition: col, or NOT col.
        Integer column = column(node);
        if (column == null || domain(node.getType()) != ValueDomain.BOOLEAN) {
          return null;
        }
        return new ScanPredicate.Compare(column, ValueDomain.BOOLEAN, CompareOp.EQ,
            new Operand.Literal(!negated));
      }
      default:
        return null;
    }
  }

  /** All terms must hold: unpushable terms are dropped. */
  private ScanPredicate and(List<RexNode> terms, boolean negated) {
    List<ScanPredicate> out = new ArrayList<>();
    for (RexNode t : terms) {
      ScanPredicate p = node(t, negated);
      if (p instanceof ScanPredicate.And a) {
        out.addAll(a.terms());
      } else if (p != null) {
        out.add(p);
      }
    }
    if (out.isEmpty()) {
      return null;
    }
    out = collapseNotIn(out);
    return out.size() == 1 ? out.get(0) : new ScanPredicate.And(out);
  }

  /** Some term must hold: one unpushable term makes the whole disjunction unpushable. */
  private ScanPredicate or(List<RexNode> terms, boolean negated) {
    List<ScanPredicate> out = new ArrayList<>();
    for (RexNode t : terms) {
      ScanPredicate p = node(t, negated);
      if (p == null) {
        return null;
      }
      if (p instanceof ScanPredicate.Or o) {
        out.addAll(o.terms());
      } else {
        out.add(p);
      }
    }
    ScanPredicate in = collapseIn(out);
    if (in != null) {
      return in;
    }
    return out.size() == 1 ? out.get(0) : new ScanPredicate.Or(out);
  }

  /** {@code c = a OR c = b OR …} on one column as {@code c IN (a, b, …)}; else null. */
  private static ScanPredicate collapseIn(List<ScanPredicate> terms) {
    return collapse(terms, CompareOp.EQ, false);
  }

  /**
   * Conjuncts {@code c <> a AND c <> b …} on one column become one {@code c NOT IN (a, b, …)}, in
   * the place of the first; other terms are kept in order.
   */
  private static List<ScanPredicate> collapseNotIn(List<ScanPredicate> terms) {
    java.util.Map<String, List<ScanPredicate>> byColumn = new java.util.LinkedHashMap<>();
    for (ScanPredicate t : terms) {
      if (t instanceof ScanPredicate.Compare c && c.op() == CompareOp.NE) {
        byColumn.computeIfAbsent(c.column() + "/" + c.domain(), k -> new ArrayList<>()).add(t);
      }
    }
    List<ScanPredicate> out = new ArrayList<>();
    for (ScanPredicate t : terms) {
      if (t instanceof ScanPredicate.Compare c && c.op() == CompareOp.NE) {
        List<ScanPredicate> group = byColumn.get(c.column() + "/" + c.domain());
        if (group.size() > 1) {
          if (group.get(0) == t) {
            out.add(collapse(group, CompareOp.NE, true));
          }
          continue;
        }
      }
      out.add(t);
    }
    return out;
  }

  private static ScanPredicate collapse(List<ScanPredicate> terms, CompareOp op, boolean negated) {
    if (terms.size() < 2) {
      return null;
    }
    List<Operand> values = new ArrayList<>();
    ScanPredicate.Compare first = null;
    for (ScanPredicate t : terms) {
      if (!(t instanceof ScanPredicate.Compare c) || c.op() != op
          || (first != null && (c.column() != first.column() || c.domain() != first.domain()))) {
        return null;
      }
      if (first == null) {
        first = c;
      }
      values.add(c.value());
    }
    return new ScanPredicate.InList(first.column(), first.domain(), values, negated);
  }

  private ScanPredicate comparison(RexCall call, boolean negated) {
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    CompareOp op = op(call.getKind());
    Integer column = column(left);
    RexNode valueSide = right;
    RelDataType columnType = left.getType();
    if (column == null) {
      column = column(right);
      valueSide = left;
      columnType = right.getType();
      op = op.flip();
    }
    if (column == null) {
      return null;
    }
    ValueDomain domain = domain(columnType);
    if (domain == null || !supports(column, domain)) {
      return null;
    }
    if (negated) {
      if (domain == ValueDomain.APPROX) {
        return null; // NOT (x < 1) is TRUE for NaN, x >= 1 is not
      }
      op = op.negate();
    }
    Operand value = operand(valueSide, domain);
    return value == null ? null : new ScanPredicate.Compare(column, domain, op, value);
  }

  private ScanPredicate like(RexCall call, boolean negated) {
    if (call.getOperator() != SqlStdOperatorTable.LIKE && call.getOperator() != SqlStdOperatorTable.NOT_LIKE
        || call.getOperands().size() != 2) {
      return null; // ILIKE, SIMILAR TO, or an explicit ESCAPE
    }
    Integer column = column(call.getOperands().get(0));
    if (column == null || domain(call.getOperands().get(0).getType()) != ValueDomain.STRING
        || !supports(column, ValueDomain.STRING)) {
      return null;
    }
    Operand pattern = operand(call.getOperands().get(1), ValueDomain.STRING);
    if (pattern == null) {
      return null;
    }
    boolean not = call.getOperator() == SqlStdOperatorTable.NOT_LIKE;
    return new ScanPredicate.Like(column, pattern, not != negated);
  }

  /**
   * The dataset column {@code node} reads — directly or through a CAST that keeps every value and
   * the order — or null.
   */
  private Integer column(RexNode node) {
    if (node instanceof RexInputRef ref) {
      int column = projection[ref.getIndex()];
      return columns.get(column).isSupported() ? column : null;
    }
    if (node.getKind() == SqlKind.CAST) {
      RexNode inner = ((RexCall) node).getOperands().get(0);
      if (inner instanceof RexInputRef && preservingCast(inner.getType(), node.getType())) {
        return column(inner);
      }
    }
    return null;
  }

  private boolean supports(int column, ValueDomain domain) {
    DatasetColumn c = columns.get(column);
    return c.field() != null && DomainValues.supports(c.field().getType(), domain);
  }

  /**
   * Casts whose result equals the source value in the target domain, so that statistics of the
   * column bound the cast values: widening exact numerics (scale never reduced), any numeric to
   * floating point (monotonic), REAL to DOUBLE, DATE to TIMESTAMP, and strings to unbounded or
   * longer strings.
   */
  static boolean preservingCast(RelDataType from, RelDataType to) {
    SqlTypeName f = from.getSqlTypeName();
    SqlTypeName t = to.getSqlTypeName();
    if (SqlTypeName.EXACT_TYPES.contains(f) && SqlTypeName.EXACT_TYPES.contains(t)) {
      int fromScale = f == SqlTypeName.DECIMAL ? from.getScale() : 0;
      int toScale = t == SqlTypeName.DECIMAL ? to.getScale() : 0;
      int fromDigits = integerDigits(from);
      int toDigits = integerDigits(to);
      return toScale >= fromScale && toDigits >= fromDigits;
    }
    if (SqlTypeName.NUMERIC_TYPES.contains(f) && SqlTypeName.APPROX_TYPES.contains(t)) {
      return t != SqlTypeName.REAL || f == SqlTypeName.REAL;
    }
    if (f == SqlTypeName.DATE && t == SqlTypeName.TIMESTAMP) {
      return true;
    }
    if (SqlTypeName.CHAR_TYPES.contains(f) && t == SqlTypeName.VARCHAR) {
      return to.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
          || (from.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
              && to.getPrecision() >= from.getPrecision() && f == SqlTypeName.VARCHAR);
    }
    return false;
  }

  private static int integerDigits(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case INTEGER -> 10;
      case BIGINT -> 19;
      case DECIMAL -> type.getPrecision() - type.getScale();
      default -> Integer.MAX_VALUE;
    };
  }

  /** The comparison domain of a SQL type; null when values of the type are not pushed. */
  static ValueDomain domain(RelDataType type) {
    SqlTypeName name = type.getSqlTypeName();
    if (SqlTypeName.EXACT_TYPES.contains(name)) {
      return ValueDomain.EXACT;
    }
    if (SqlTypeName.APPROX_TYPES.contains(name)) {
      return ValueDomain.APPROX;
    }
    if (name == SqlTypeName.CHAR || name == SqlTypeName.VARCHAR) {
      return ValueDomain.STRING;
    }
    return switch (name) {
      case DATE -> ValueDomain.DATE;
      case TIMESTAMP -> ValueDomain.TIMESTAMP;
      case BOOLEAN -> ValueDomain.BOOLEAN;
      default -> null;
    };
  }

  /** A literal or parameter (possibly under a same-domain CAST) in {@code domain}; else null. */
  private Operand operand(RexNode node, ValueDomain domain) {
    if (node.getKind() == SqlKind.CAST) {
      RexNode inner = ((RexCall) node).getOperands().get(0);
      if (inner instanceof RexDynamicParam && domain(inner.getType()) == domain
          && domain(node.getType()) == domain) {
        return operand(inner, domain);
      }
      return null;
    }
    if (node instanceof RexDynamicParam param) {
      return domain(param.getType()) == domain ? new Operand.Parameter(param.getIndex()) : null;
    }
    if (!(node instanceof RexLiteral literal)) {
      return null;
    }
    if (literal.isNull()) {
      return new Operand.Literal(null);
    }
    if (domain(literal.getType()) != domain) {
      return null;
    }
    Object value = switch (domain) {
      case EXACT -> literal.getValueAs(BigDecimal.class);
      case APPROX -> literal.getValueAs(Double.class);
      case STRING -> {
        NlsString s = literal.getValueAs(NlsString.class);
        yield s == null ? null : s.getValue().getBytes(StandardCharsets.UTF_8);
      }
      case DATE -> {
        DateString d = literal.getValueAs(DateString.class);
        yield d == null ? null : (long) d.getDaysSinceEpoch();
      }
      case TIMESTAMP -> {
        TimestampString ts = literal.getValueAs(TimestampString.class);
        yield ts == null ? null : ts.getMillisSinceEpoch();
      }
      case BOOLEAN -> literal.getValueAs(Boolean.class);
    };
    if (value instanceof Double d && d.isNaN()) {
      return null;
    }
    return value == null ? null : new Operand.Literal(value);
  }

  private static CompareOp op(SqlKind kind) {
    return switch (kind) {
      case EQUALS -> CompareOp.EQ;
      case NOT_EQUALS -> CompareOp.NE;
      case LESS_THAN -> CompareOp.LT;
      case LESS_THAN_OR_EQUAL -> CompareOp.LE;
      case GREATER_THAN -> CompareOp.GT;
      case GREATER_THAN_OR_EQUAL -> CompareOp.GE;
      default -> throw new IllegalArgumentException(kind.toString());
    };
  }
}
