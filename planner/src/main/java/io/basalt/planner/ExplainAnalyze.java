package io.basalt.planner;

import io.basalt.engine.exec.QueryProfile;
import io.basalt.engine.exec.ScanMetrics;
import io.basalt.planner.physical.VecTableScan;
import io.basalt.planner.runtime.VecRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.schema.SchemaPlus;

/**
 * {@code EXPLAIN ANALYZE <query>}: runs the query to the end (its rows are counted, not returned)
 * and returns the physical plan with what each operator did. Engine scans report rows, batches and
 * time, and how much of the dataset pushdown skipped — files, row groups and pages, total vs read
 * — and bytes read; operators that still fall back to Calcite's row-at-a-time engine are marked
 * and report the rows they produced and the time spent pulling them ({@code ProfiledEnumerable}).
 */
final class ExplainAnalyze {
  private static final Pattern SYNTAX = Pattern.compile(
      "\\s*(?:--[^\\n]*\\n\\s*)*EXPLAIN\\s+ANALY[SZ]E\\s+(.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private ExplainAnalyze() {}

  /** The query after {@code EXPLAIN ANALYZE}, or null when {@code sql} is something else. */
  static String innerQuery(String sql) {
    if (sql == null) {
      return null;
    }
    Matcher m = SYNTAX.matcher(sql);
    return m.matches() ? m.group(1) : null;
  }

  /** Runs {@code execute} with a fresh profile and renders {@code plan} annotated with it. */
  static String run(RelNode plan, DataContext root,
      java.util.function.Function<DataContext, org.apache.calcite.linq4j.Enumerable<?>> execute) {
    QueryProfile profile = new QueryProfile();
    DataContext profiled = new ProfiledDataContext(root, profile);
    long start = System.nanoTime();
    long rows = 0;
    try (Enumerator<?> e = execute.apply(profiled).enumerator()) {
      while (e.moveNext()) {
        rows++;
      }
    }
    long nanos = System.nanoTime() - start;
    return render(plan, profile) + "\n" + String.format(Locale.ROOT,
        "Total: %d rows in %.1f ms", rows, nanos / 1e6);
  }

  /** The plan text, each line followed by its operator's figures. */
  static String render(RelNode plan, QueryProfile profile) {
    String[] lines = RelOptUtil.toString(plan).split("\n");
    List<RelNode> nodes = new ArrayList<>();
    preOrder(plan, nodes);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      out.append(lines[i]);
      RelNode node = i < nodes.size() ? nodes.get(i) : null;
      if (node instanceof VecTableScan) {
        ScanMetrics m = profile.scanOrNull(node.getId());
        out.append("\n").append(indent(lines[i])).append("    -> ")
            .append(m == null ? "not executed" : m.describe());
      } else if (node != null && node.getRelTypeName().startsWith("Enumerable")) {
        io.basalt.engine.exec.OperatorMetrics m = profile.operatorOrNull(node.getId());
        out.append("  ").append(BasaltPreparedExplain.FALLBACK_MARK).append("\n")
            .append(indent(lines[i])).append("    -> ")
            .append(m == null ? "not executed" : m.describe());
      } else if (node instanceof io.basalt.planner.physical.VecToEnumerableConverter
          || node instanceof io.basalt.planner.physical.VecRel) {
        io.basalt.engine.exec.OperatorMetrics m = profile.operatorOrNull(node.getId());
        if (m != null) {
          out.append("\n").append(indent(lines[i])).append("    -> ").append(m.describe());
        }
      }
      out.append('\n');
    }
    return out.toString().stripTrailing();
  }

  private static String indent(String line) {
    return line.substring(0, line.length() - line.stripLeading().length());
  }

  private static void preOrder(RelNode node, List<RelNode> out) {
    out.add(node);
    for (RelNode input : node.getInputs()) {
      preOrder(input, out);
    }
  }

  /** The caller's data context, plus the profile the engine's operators record into. */
  private static final class ProfiledDataContext implements DataContext {
    private final DataContext delegate;
    private final QueryProfile profile;

    ProfiledDataContext(DataContext delegate, QueryProfile profile) {
      this.delegate = delegate;
      this.profile = profile;
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
      return VecRuntime.QUERY_PROFILE.equals(name) ? profile : delegate.get(name);
    }
  }

  /** One row holding the text, in the row form the cursor expects. */
  static org.apache.calcite.linq4j.Enumerable<Object> singleRow(String text, boolean arrayRows) {
    return Linq4j.singletonEnumerable(arrayRows ? new Object[] {text} : text);
  }
}
