package io.basalt.planner;

import org.apache.calcite.avatica.Meta;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlExplainFormat;
import org.apache.calcite.sql.SqlExplainLevel;

/**
 * The result of {@code EXPLAIN PLAN FOR}: Calcite's plan text with every node that is not run by
 * Basalt's engine — Calcite's row-at-a-time {@code Enumerable*} operators — marked {@value
 * #FALLBACK_MARK}, so that what still falls back is visible at a glance.
 */
final class BasaltPreparedExplain extends Prepare.PreparedExplain {
  static final String FALLBACK_MARK = "[fallback: row-at-a-time]";

  private final SqlExplainFormat format;
  /** Which engine runs the query, and another engine's query: empty under engine=local. */
  private final String engine;

  BasaltPreparedExplain(RelDataType rowType, RelDataType parameterRowType, RelRoot root,
      SqlExplainFormat format, SqlExplainLevel detailLevel, String engine) {
    super(rowType, parameterRowType, root, format, detailLevel);
    this.format = format;
    this.engine = engine;
  }

  @Override
  public String getCode() {
    if (engine.startsWith("Engine: local") || engine.isEmpty()) {
      String plan = super.getCode();
      return engine + (format == SqlExplainFormat.TEXT ? markFallbacks(plan) : plan);
    }
    return engine; // another engine runs the query: Basalt's plan would mislead
  }

  /** Appends the fallback mark to each text plan line whose node is an Enumerable operator. */
  static String markFallbacks(String plan) {
    StringBuilder out = new StringBuilder(plan.length() + 256);
    for (String line : plan.split("\n", -1)) {
      out.append(line);
      if (line.stripLeading().startsWith("Enumerable")) {
        out.append("  ").append(FALLBACK_MARK);
      }
      out.append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }

  @Override
  public Bindable getBindable(Meta.CursorFactory cursorFactory) {
    // As Calcite's own explain: one row holding the whole plan.
    String explanation = getCode();
    return dataContext -> cursorFactory.style == Meta.Style.ARRAY
        ? Linq4j.singletonEnumerable(new String[] {explanation})
        : Linq4j.singletonEnumerable(explanation);
  }
}
