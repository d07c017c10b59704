package io.basalt.planner;

import io.basalt.planner.offload.EngineChoice;
import io.basalt.planner.offload.EngineDecision;
import io.basalt.planner.offload.EngineSettings;
import io.basalt.planner.offload.OffloadException;
import io.basalt.planner.offload.OffloadedQuery;
import io.basalt.planner.offload.Route;
import io.basalt.planner.rules.BasaltRules;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.prepare.CalcitePrepareImpl;

/**
 * Calcite's statement preparation with Basalt's rules added to the planner: everything else —
 * parsing, validation, decorrelation, Enumerable fallback code generation — is Calcite's.
 */
public class BasaltPrepare extends CalcitePrepareImpl {
  /** The physical plan of the statement last prepared on this thread, for EXPLAIN ANALYZE. */
  private static final ThreadLocal<org.apache.calcite.rel.RelNode> LAST_PLAN = new ThreadLocal<>();
  /** Set while preparing the query of an EXPLAIN ANALYZE: its row operators get profilers. */
  private static final ThreadLocal<Boolean> PROFILE = ThreadLocal.withInitial(() -> false);
  /** The logical plan of the statement last prepared on this thread, for another engine. */
  private static final ThreadLocal<org.apache.calcite.rel.RelNode> LOGICAL_PLAN = new ThreadLocal<>();

  /**
   * COPY and CREATE TABLE AS become write statements, EXPLAIN ANALYZE runs its query; everything
   * else is Calcite's.
   */
  @Override
  public <T> CalciteSignature<T> prepareSql(CalcitePrepare.Context context,
      CalcitePrepare.Query<T> query, java.lang.reflect.Type elementType, long maxRowCount) {
    try {
      return prepareStatement(context, query, elementType, maxRowCount);
    } finally {
      LOGICAL_PLAN.remove(); // kept only while one statement is prepared
    }
  }

  private <T> CalciteSignature<T> prepareStatement(CalcitePrepare.Context context,
      CalcitePrepare.Query<T> query, java.lang.reflect.Type elementType, long maxRowCount) {
    if (query.sql != null && io.basalt.planner.write.WriteStatements.mayBeWrite(query.sql)) {
      CalciteSignature<T> write = io.basalt.planner.write.WriteStatements.prepare(context, query.sql,
          (c, sql) -> super.prepareSql(c, CalcitePrepare.Query.of(sql), Object[].class, -1));
      if (write != null) {
        return write;
      }
    }
    String inner = ExplainAnalyze.innerQuery(query.sql);
    if (inner == null) {
      EngineSettings.Snapshot engines = engineSettings(context);
      if (engines != null && engines.engine() != EngineChoice.LOCAL) {
        return prepareRouted(context, query, elementType, maxRowCount, engines);
      }
      return prepareOrReuse(context, query, elementType, maxRowCount);
    }
    return explainAnalyze(context, query.sql, inner, elementType);
  }

  /** The connection's engine settings, or null outside a Basalt connection. */
  static EngineSettings.Snapshot engineSettings(CalcitePrepare.Context context) {
    org.apache.calcite.jdbc.CalciteSchema root = context.getRootSchema();
    org.apache.calcite.jdbc.CalciteSchema basalt = root == null ? null
        : root.getSubSchema(io.basalt.planner.catalog.DataRootSchema.NAME, true);
    return basalt != null && basalt.schema instanceof io.basalt.planner.catalog.DataRootSchema data
        ? data.engineSettings().snapshot() : null;
  }

  /**
   * Prepares a statement under {@code engine=spark|auto}: Basalt plans it as always (the physical
   * plan gives {@code auto} its estimate), then {@link EngineDecision} picks the engine; when it is
   * another one, the statement runs the logical plan translated for it. Not cached: the choice
   * depends on settings a later SET changes.
   */
  private <T> CalciteSignature<T> prepareRouted(CalcitePrepare.Context context,
      CalcitePrepare.Query<T> query, java.lang.reflect.Type elementType, long maxRowCount,
      EngineSettings.Snapshot engines) {
    LAST_PLAN.remove();
    LOGICAL_PLAN.remove();
    CalciteSignature<T> local;
    org.apache.calcite.rel.RelNode physical;
    org.apache.calcite.rel.RelNode logical;
    try {
      local = super.prepareSql(context, query, elementType, maxRowCount);
      physical = LAST_PLAN.get();
      logical = LOGICAL_PLAN.get();
    } finally {
      LAST_PLAN.remove();
      LOGICAL_PLAN.remove();
    }
    if (physical == null || logical == null) {
      return local; // not a query (EXPLAIN, DDL): nothing to route
    }
    OffloadedQuery offloaded;
    try {
      offloaded = Route.of(engines, physical, logical).offloaded();
    } catch (java.sql.SQLException e) {
      throw new OffloadException(e);
    }
    if (offloaded == null) {
      return local;
    }
    boolean arrayRows = local.cursorFactory.style == org.apache.calcite.avatica.Meta.Style.ARRAY;
    @SuppressWarnings("unchecked")
    org.apache.calcite.runtime.Bindable<T> bindable = dataContext -> {
      org.apache.calcite.linq4j.Enumerable<Object[]> rows = offloaded.run(dataContext);
      return (org.apache.calcite.linq4j.Enumerable<T>) (arrayRows ? rows : rows.select(r -> r[0]));
    };
    return new CalciteSignature<>(local.sql, local.parameters, local.internalParameters,
        local.rowType, local.columns, local.cursorFactory, local.rootSchema, java.util.List.of(),
        maxRowCount, bindable, local.statementType);
  }

  /** {@code SET key = value} and {@code RESET key} change the connection's engine settings. */
  @Override
  public void executeDdl(CalcitePrepare.Context context, org.apache.calcite.sql.SqlNode node) {
    if (node instanceof org.apache.calcite.sql.SqlSetOption option) {
      SetStatements.apply(context, option);
      return;
    }
    super.executeDdl(context, node);
  }

  /**
   * The statement from the connection's {@link PlanCache} when the same text was prepared before
   * and its files are unchanged; else prepared now (and cached when its plan allows).
   */
  private <T> CalciteSignature<T> prepareOrReuse(CalcitePrepare.Context context,
      CalcitePrepare.Query<T> query, java.lang.reflect.Type elementType, long maxRowCount) {
    PlanCache cache = query.sql == null ? null : PlanCache.of(context);
    if (cache == null) {
      return super.prepareSql(context, query, elementType, maxRowCount);
    }
    PlanCache.Key key = new PlanCache.Key(query.sql, elementType, maxRowCount,
        java.util.List.copyOf(context.getDefaultSchemaPath()));
    CalciteSignature<T> cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    LAST_PLAN.remove();
    io.basalt.planner.catalog.PlanDependencies files =
        io.basalt.planner.catalog.PlanDependencies.record();
    CalciteSignature<T> signature;
    try {
      signature = super.prepareSql(context, query, elementType, maxRowCount);
    } finally {
      files.close();
    }
    // No plan means EXPLAIN or another statement that implement() did not see: not cached.
    org.apache.calcite.rel.RelNode plan = LAST_PLAN.get();
    if (plan != null) {
      cache.put(key, signature, plan, files);
    }
    return signature;
  }

  /**
   * Prepares the inner query, and a signature of one VARCHAR column PLAN whose execution runs the
   * inner query and returns its annotated plan. Parameters are the inner query's.
   */
  @SuppressWarnings("unchecked")
  private <T> CalciteSignature<T> explainAnalyze(CalcitePrepare.Context context, String sql,
      String inner, java.lang.reflect.Type elementType) {
    LAST_PLAN.remove();
    CalciteSignature<Object> query;
    PROFILE.set(true);
    try {
      query = super.prepareSql(context, CalcitePrepare.Query.of(inner), Object[].class, -1);
    } finally {
      PROFILE.remove();
    }
    org.apache.calcite.rel.RelNode plan = LAST_PLAN.get();
    LAST_PLAN.remove();
    if (plan == null) {
      throw new IllegalArgumentException("EXPLAIN ANALYZE needs a query (SELECT, VALUES, WITH); got: "
          + inner.strip());
    }
    CalciteSignature<T> shape = super.prepareSql(context,
        CalcitePrepare.Query.of("SELECT CAST('' AS VARCHAR) AS \"PLAN\""), elementType, -1);
    boolean arrayRows = shape.cursorFactory.style == org.apache.calcite.avatica.Meta.Style.ARRAY;
    org.apache.calcite.runtime.Bindable<T> bindable = dataContext -> (org.apache.calcite.linq4j.Enumerable<T>)
        (org.apache.calcite.linq4j.Enumerable<?>) ExplainAnalyze.singleRow(
            ExplainAnalyze.run(plan, dataContext, query::enumerable), arrayRows);
    return new CalciteSignature<>(sql, query.parameters, query.internalParameters, shape.rowType,
        shape.columns, shape.cursorFactory, shape.rootSchema, java.util.List.of(), -1, bindable,
        org.apache.calcite.avatica.Meta.StatementType.SELECT);
  }
  /**
   * The lines EXPLAIN puts above the plan when the connection may route queries elsewhere: which
   * engine runs it and why, and for another engine the query it gets (instead of Basalt's plan).
   * Empty under {@code engine=local}.
   */
  private static String explainEngine(CalcitePrepare.Context context,
      org.apache.calcite.rel.RelNode physical) {
    org.apache.calcite.rel.RelNode logical = LOGICAL_PLAN.get();
    LOGICAL_PLAN.remove();
    EngineSettings.Snapshot engines = engineSettings(context);
    if (engines == null || engines.engine() == EngineChoice.LOCAL || logical == null) {
      return "";
    }
    try {
      Route route = Route.of(engines, physical, logical);
      return route.decision().explainLine() + "\n"
          + (route.local() ? "" : route.offloaded().explain());
    } catch (java.sql.SQLException e) {
      throw new OffloadException(e);
    }
  }

  @Override
  protected CalcitePreparingStmt getPreparingStmt(CalcitePrepare.Context context,
      java.lang.reflect.Type elementType, org.apache.calcite.prepare.CalciteCatalogReader catalogReader,
      RelOptPlanner planner) {
    // As Calcite's own, but the statement runs BasaltPrograms.standard() (join ordering) and
    // marks fallback operators in EXPLAIN.
    org.apache.calcite.adapter.java.JavaTypeFactory typeFactory = context.getTypeFactory();
    org.apache.calcite.adapter.enumerable.EnumerableRel.Prefer prefer = elementType == Object[].class
        ? org.apache.calcite.adapter.enumerable.EnumerableRel.Prefer.ARRAY
        : org.apache.calcite.adapter.enumerable.EnumerableRel.Prefer.CUSTOM;
    org.apache.calcite.plan.Convention resultConvention = enableBindable
        ? org.apache.calcite.interpreter.BindableConvention.INSTANCE
        : org.apache.calcite.adapter.enumerable.EnumerableConvention.INSTANCE;
    org.apache.calcite.plan.RelOptCluster cluster =
        createCluster(planner, new org.apache.calcite.rex.RexBuilder(typeFactory));
    cluster.setMetadataProvider(io.basalt.planner.metadata.BasaltMetadata.PROVIDER);
    return new CalcitePreparingStmt(this, context, catalogReader, typeFactory,
        context.getRootSchema(), prefer, cluster, resultConvention, createConvertletTable()) {
      @Override
      protected PreparedResult implement(org.apache.calcite.rel.RelRoot root) {
        io.basalt.planner.physical.VecWindow.rejectUnsupportedFallbacks(root.rel);
        LAST_PLAN.set(root.rel);
        if (PROFILE.get()) {
          // The plan as shown keeps its node ids; the profilers record under them.
          return super.implement(root.withRel(
              io.basalt.planner.physical.ProfiledEnumerable.wrap(root.rel)));
        }
        return super.implement(root);
      }

      @Override
      public PreparedResult prepareSql(org.apache.calcite.sql.SqlNode sqlQuery, Class runtimeContextClass,
          org.apache.calcite.sql.validate.SqlValidator validator, boolean needsValidation) {
        // Calcite takes named arguments only when every argument is named: read_csv('x.csv',
        // header => true) gets its leading positional arguments named first.
        return super.prepareSql(io.basalt.planner.catalog.NamedArguments.normalize(sqlQuery),
            runtimeContextClass, validator, needsValidation);
      }

      @Override
      protected org.apache.calcite.tools.Program getProgram() {
        return BasaltPrograms.standard(LOGICAL_PLAN::set);
      }

      @Override
      protected PreparedResult createPreparedExplanation(
          org.apache.calcite.rel.type.RelDataType resultType,
          org.apache.calcite.rel.type.RelDataType parameterRowType,
          org.apache.calcite.rel.RelRoot root, org.apache.calcite.sql.SqlExplainFormat format,
          org.apache.calcite.sql.SqlExplainLevel detailLevel) {
        return new BasaltPreparedExplain(resultType, parameterRowType, root, format, detailLevel,
            explainEngine(context, root.rel));
      }
    };
  }

  @Override
  protected RelOptPlanner createPlanner(CalcitePrepare.Context prepareContext,
      org.apache.calcite.plan.Context externalContext, RelOptCostFactory costFactory) {
    // The prepare context joins the planner's, so that rules can reach the Basalt schema (and its
    // engine) for nodes that read no table, such as VALUES.
    org.apache.calcite.plan.Context context = org.apache.calcite.plan.Contexts.chain(
        externalContext == null
            ? org.apache.calcite.plan.Contexts.of(prepareContext.config()) : externalContext,
        org.apache.calcite.plan.Contexts.of(prepareContext));
    RelOptPlanner planner = super.createPlanner(prepareContext, context, costFactory);
    for (RelOptRule rule : BasaltRules.ALL) {
      planner.addRule(rule);
    }
    // Joins are ordered by the heuristic phase of BasaltPrograms; letting Volcano commute and
    // associate them again explores an exponential space (TPC-H Q7 planned for 40 s).
    for (RelOptRule rule : BasaltRules.VOLCANO_EXCLUDED) {
      planner.removeRule(rule);
    }
    return planner;
  }
}
