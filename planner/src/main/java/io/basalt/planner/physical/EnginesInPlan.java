package io.basalt.planner.physical;

import io.basalt.engine.BasaltEngine;
import io.basalt.planner.catalog.CsvTable;
import io.basalt.planner.catalog.ParquetTable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;

/**
 * Finds, while planning, the Basalt engine a subtree reads from (through Volcano's subsets): the
 * engine a VEC operator over that subtree will run on. A subtree that reads no Basalt table (only
 * VALUES, say) has none, and then stays with Calcite's operators.
 */
final class EnginesInPlan {
  private EnginesInPlan() {}

  /** The engine of some Basalt table under {@code rel}, or null. */
  static BasaltEngine find(RelNode rel) {
    return find(rel, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static BasaltEngine find(RelNode rel, Set<RelNode> seen) {
    if (rel == null || !seen.add(rel)) {
      return null;
    }
    if (rel instanceof VecTableScan scan) {
      return scan.engine();
    }
    if (rel instanceof VecCsvScan scan) {
      return scan.engine();
    }
    if (rel instanceof VecHashJoin j) {
      return j.engine();
    }
    if (rel instanceof VecNestedLoopJoin j) {
      return j.engine();
    }
    if (rel instanceof EnumerableToVecConverter c) {
      return c.engine();
    }
    if (rel instanceof TableScan scan) {
      RelOptTable table = scan.getTable();
      ParquetTable p = table.unwrap(ParquetTable.class);
      if (p != null) {
        return p.engine();
      }
      CsvTable c = table.unwrap(CsvTable.class);
      if (c != null) {
        return c.engine();
      }
    }
    if (rel instanceof RelSubset subset) {
      BasaltEngine e = find(subset.getOriginal(), seen);
      if (e != null) {
        return e;
      }
      for (RelNode r : subset.getRelList()) {
        e = find(r, seen);
        if (e != null) {
          return e;
        }
      }
      return null;
    }
    for (RelNode input : rel.getInputs()) {
      BasaltEngine e = find(input, seen);
      if (e != null) {
        return e;
      }
    }
    return null;
  }
}
