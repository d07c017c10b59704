package io.basalt.planner;

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
  @Override
  protected RelOptPlanner createPlanner(CalcitePrepare.Context prepareContext,
      org.apache.calcite.plan.Context externalContext, RelOptCostFactory costFactory) {
    RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
    for (RelOptRule rule : BasaltRules.ALL) {
      planner.addRule(rule);
    }
    return planner;
  }
}
