package io.basalt.engine.exec.join;

/**
 * The kind of a join as the engine sees it: relative to the probe side (streamed) and the build
 * side (materialized), not to SQL's left and right. The planner maps {@code LEFT JOIN} with the
 * right side built to {@link #PROBE_OUTER}, with the left side built to {@link #BUILD_OUTER}.
 */
public enum JoinType {
  /** Matching pairs only. */
  INNER,
  /** Matching pairs, plus every probe row without a match (build columns NULL). */
  PROBE_OUTER,
  /** Matching pairs, plus every build row without a match (probe columns NULL), once. */
  BUILD_OUTER,
  /** Both outer sides. */
  FULL,
  /** Probe rows with at least one match; probe columns only. */
  SEMI,
  /** Probe rows without any match; probe columns only ({@code NOT EXISTS}). */
  ANTI,
  /**
   * {@code NOT IN}: probe rows whose key differs from every build key. A NULL build key means no
   * row qualifies; a NULL probe key qualifies only when the build side is empty. One key, no
   * residual condition.
   */
  NULL_AWARE_ANTI,
  /**
   * Build rows with at least one match, once each; build columns only. A semi join that builds its
   * left (preserved) input: the smaller side is hashed and the larger one streams past it.
   */
  BUILD_SEMI,
  /** Build rows without any match; build columns only ({@code NOT EXISTS}, left side built). */
  BUILD_ANTI;

  /** Whether unmatched probe rows are emitted with NULL build columns. */
  public boolean probeOuter() {
    return this == PROBE_OUTER || this == FULL;
  }

  /** Whether unmatched build rows are emitted with NULL probe columns. */
  public boolean buildOuter() {
    return this == BUILD_OUTER || this == FULL;
  }

  /** Whether the output has the build columns only, emitted once the probe side is done. */
  public boolean buildColumnsOnly() {
    return this == BUILD_SEMI || this == BUILD_ANTI;
  }

  /** Whether the build side records which of its rows found a match. */
  public boolean tracksBuildMatches() {
    return buildOuter() || buildColumnsOnly();
  }

  /** Whether the output has the probe columns only. */
  public boolean probeColumnsOnly() {
    return this == SEMI || this == ANTI || this == NULL_AWARE_ANTI;
  }
}
