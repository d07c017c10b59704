package io.basalt.planner;

import io.basalt.planner.rules.FilterPullCommonFactorsRule;
import io.basalt.planner.rules.SubQueryToSemiJoinRule;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.rel.RelNode;
import io.basalt.planner.metadata.BasaltMetadata;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * Basalt's optimization sequence: Calcite's standard one (sub-query removal, decorrelation, field
 * trimming, cost-based Volcano search, calc merging) with a heuristic join-ordering phase inserted
 * before Volcano. Calcite's standard sequence keeps joins in FROM-clause order, which for TPC-H's
 * comma joins means cross products; this phase pushes predicates into joins, collects join trees
 * into multi-joins and orders them by estimated cardinality (LoptOptimizeJoinRule).
 */
public final class BasaltPrograms {
  private BasaltPrograms() {}

  /** The full program run on every query. */
  public static Program standard() {
    return standard(rel -> { });
  }

  /**
   * The full program, handing {@code logicalSink} the logical plan once sub-queries are removed,
   * correlations undone and fields trimmed — the plan another engine gets ({@code engine=spark}),
   * before Basalt orders joins for its own.
   */
  public static Program standard(java.util.function.Consumer<RelNode> logicalSink) {
    RelMetadataProvider metadata = BasaltMetadata.PROVIDER;
    return Programs.sequence(
        semiJoins(metadata),
        Programs.subQuery(metadata),
        Programs.decorrelate(),
        Programs.trim(),
        (planner, rel, traits, materializations, lattices) -> {
          logicalSink.accept(rel);
          return rel;
        },
        joinOrder(metadata),
        BasaltPrograms::volcano,
        Programs.calc(metadata));
  }

  /** EXISTS, NOT EXISTS and IN conjuncts as semi and anti joins ({@link SubQueryToSemiJoinRule}). */
  static Program semiJoins(RelMetadataProvider metadata) {
    HepProgram hep = new HepProgramBuilder()
        .addRuleInstance(SubQueryToSemiJoinRule.INSTANCE)
        .build();
    return Programs.of(hep, true, metadata);
  }

  /** Predicate pushdown into joins, then cardinality-based ordering of each multi-join. */
  static Program joinOrder(RelMetadataProvider metadata) {
    HepProgram hep = new HepProgramBuilder()
        .addRuleInstance(FilterPullCommonFactorsRule.INSTANCE)
        .addRuleInstance(io.basalt.planner.rules.OrToInputPredicatesRule.INSTANCE)
        .addRuleCollection(java.util.List.of(
            CoreRules.FILTER_INTO_JOIN, CoreRules.JOIN_CONDITION_PUSH))
        .addMatchOrder(HepMatchOrder.BOTTOM_UP)
        .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
        .addRuleCollection(java.util.List.of(
            CoreRules.PROJECT_MULTI_JOIN_MERGE, CoreRules.FILTER_MULTI_JOIN_MERGE))
        .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
        .build();
    return Programs.of(hep, false, metadata);
  }

  /** Calcite's cost-based phase, as in its standard program. */
  private static RelNode volcano(RelOptPlanner planner, RelNode rel,
      org.apache.calcite.plan.RelTraitSet requiredOutputTraits,
      java.util.List<RelOptMaterialization> materializations,
      java.util.List<RelOptLattice> lattices) {
    rel.getCluster().setMetadataProvider(BasaltMetadata.PROVIDER);
    planner.setRoot(rel);
    for (RelOptMaterialization m : materializations) {
      planner.addMaterialization(m);
    }
    for (RelOptLattice l : lattices) {
      planner.addLattice(l);
    }
    RelNode withTraits = rel.getTraitSet().equals(requiredOutputTraits)
        ? rel : planner.changeTraits(rel, requiredOutputTraits);
    planner.setRoot(withTraits);
    return planner.chooseDelegate().findBestExp();
  }
}
