package io.basalt.bench.range;

import io.basalt.bench.EngineResult;
import io.basalt.bench.Outcome;

/**
 * One query of the pushdown benchmark in both engines: the first execution (prepare included) and
 * the timed re-executions of the prepared statement, and whether the answers are equal.
 *
 * @param check {@code equal}, {@code DIFFERENT: ...}, or {@code n/a} when an engine did not answer
 * @param matchingRows the query's {@code count(*)} as Basalt (else DuckDB) answered, or -1
 */
public record RangeResult(
    RangeQuery query,
    Outcome basaltFirst,
    EngineResult basalt,
    Outcome duckdbFirst,
    EngineResult duckdb,
    long matchingRows,
    String check) {
  public static final String EQUAL = "equal";

  public boolean answersEqual() {
    return EQUAL.equals(check);
  }
}
