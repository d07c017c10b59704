package io.basalt.planner.physical;

import io.basalt.engine.exec.ParquetScanNode;

import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.ProfiledNode;
import io.basalt.engine.exec.SharedResult;
import org.apache.calcite.rel.RelNode;

/**
 * Turns a VEC plan into engine operators, bottom-up. Every operator but a scan (which keeps its
 * own, richer metrics) is wrapped so that EXPLAIN ANALYZE sees its rows, batches and time under the
 * plan node's id.
 *
 * <p>A WITH query referenced twice reaches here as two equal subtrees (the planner memoizes them,
 * then copies their parents, so they are equal by structure and share their leaves by identity).
 * Such a subtree is implemented once, behind a {@link SharedResult}, when recomputing it would
 * cost real work (it aggregates or joins); a bare scan or filter is cheaper to stream twice than
 * to keep.
 */
public final class VecImplementor {
  private final org.apache.calcite.DataContext dataContext;
  /** Every Parquet scan implemented so far, in order, with the plan node it came from. */
  private final java.util.List<java.util.Map.Entry<RelNode, ParquetScanNode>> scans =
      new java.util.ArrayList<>();

  /**
   * The structure of each plan node (its explain text with all inputs, and its row type): the
   * planner copies the parents of shared subtrees, so equal subtrees are equal by structure, not
   * always by identity.
   */
  private final java.util.Map<RelNode, String> structure = new java.util.IdentityHashMap<>();
  /** Structures reached along more than one path and worth computing once. */
  private final java.util.Set<String> shared = new java.util.HashSet<>();
  /** The shared results implemented so far, by structure. */
  private final java.util.Map<String, SharedResult> sharedResults = new java.util.HashMap<>();

  private VecImplementor(org.apache.calcite.DataContext dataContext, RelNode root) {
    this.dataContext = dataContext;
    if (!repeatsALeaf(root, java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>()))) {
      return; // no subtree can repeat: spare every execution the structure strings
    }
    java.util.Map<String, Integer> paths = new java.util.HashMap<>();
    java.util.Map<String, RelNode> first = new java.util.HashMap<>();
    countPaths(root, paths, first);
    paths.forEach((key, count) -> {
      if (count > 1 && expensive(first.get(key))) {
        shared.add(key);
      }
    });
  }

  /** Whether a leaf (a scan, values) is reached along more than one path below {@code node}. */
  private static boolean repeatsALeaf(RelNode node, java.util.Set<RelNode> leaves) {
    if (node.getInputs().isEmpty()) {
      return !leaves.add(node);
    }
    for (RelNode input : node.getInputs()) {
      if (repeatsALeaf(input, leaves)) {
        return true;
      }
    }
    return false;
  }

  private void countPaths(RelNode node, java.util.Map<String, Integer> paths,
      java.util.Map<String, RelNode> first) {
    String key = structure.computeIfAbsent(node, n -> n.getRowType().getFullTypeString() + "\n"
        + org.apache.calcite.plan.RelOptUtil.toString(n));
    first.putIfAbsent(key, node);
    if (paths.merge(key, 1, Integer::sum) > 1) {
      return; // its inputs were counted under its first path; sharing it shares them
    }
    for (RelNode input : node.getInputs()) {
      countPaths(input, paths, first);
    }
  }

  private static boolean expensive(RelNode node) {
    if (node instanceof VecAggregate || node instanceof VecHashJoin
        || node instanceof VecNestedLoopJoin || node instanceof VecWindow) {
      return true;
    }
    if (node instanceof VecTableScan || node instanceof VecCsvScan
        || node instanceof EnumerableToVecConverter) {
      return false;
    }
    for (RelNode input : node.getInputs()) {
      if (expensive(input)) {
        return true;
      }
    }
    return false;
  }

  /** The engine plan of {@code root}. */
  public static PhysicalNode implement(VecRel root) {
    return new VecImplementor(null, root).visit(root);
  }

  /**
   * The engine plan of {@code root} for an execution in {@code dataContext}, which row-at-a-time
   * subtrees under the plan ({@link EnumerableToVecConverter}) run in.
   */
  public static PhysicalNode implement(VecRel root, org.apache.calcite.DataContext dataContext) {
    return new VecImplementor(dataContext, root).visit(root);
  }

  /** How many scans have been implemented so far (a mark for {@link #scansSince}). */
  int scanMark() {
    return scans.size();
  }

  /**
   * The engine scan implemented for {@code scan} between marks {@code from} and {@code to}, or
   * null when there is none or more than one (a plan node shared by two branches: a filter for
   * one must not reach the other).
   */
  ParquetScanNode scanSince(int from, int to, RelNode scan) {
    ParquetScanNode found = null;
    for (java.util.Map.Entry<RelNode, ParquetScanNode> e : scans.subList(from, to)) {
      if (e.getKey() == scan) {
        if (found != null) {
          return null;
        }
        found = e.getValue();
      }
    }
    return found;
  }

  /** The execution's data context (parameters, cancel flag); null when none was given. */
  public org.apache.calcite.DataContext dataContext() {
    return dataContext;
  }

  /**
   * Whether {@code node} is computed once for several parents: a runtime filter from one parent's
   * join must not reach inside it, or the other parents would lose rows.
   */
  boolean isShared(RelNode node) {
    String key = structure.get(node);
    return key != null && shared.contains(key);
  }

  /** The engine operator of {@code input}, which must be a VEC node. */
  public PhysicalNode visit(RelNode input) {
    if (isShared(input)) {
      String key = structure.get(input);
      SharedResult result = sharedResults.get(key);
      if (result == null) {
        result = new SharedResult(implementOnce(input));
        sharedResults.put(key, result);
      }
      return result.reader();
    }
    return implementOnce(input);
  }

  private PhysicalNode implementOnce(RelNode input) {
    if (!(input instanceof VecRel vec)) {
      throw new IllegalStateException("input " + input.getRelTypeName()
          + " is not a Basalt operator; a converter was expected between conventions");
    }
    PhysicalNode node = vec.implement(this);
    if (vec instanceof VecTableScan) {
      if (node instanceof ParquetScanNode scan) {
        scans.add(java.util.Map.entry(input, scan));
      }
      return node;
    }
    return new ProfiledNode(node, input.getId());
  }
}
