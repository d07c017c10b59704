package io.basalt.bench.tpch;

import io.basalt.bench.EngineResult;
import java.util.OptionalDouble;

/**
 * One line of the TPC-H table: a query's timings in both engines, its row count and whether the
 * two answers are equal.
 *
 * @param rows rows of the answer (Basalt's, else DuckDB's), or -1 when neither engine answered
 * @param check {@code equal}, {@code DIFFERENT: <first difference>}, or {@code n/a} when an engine
 *     did not answer
 */
public record QueryRow(int query, EngineResult basalt, EngineResult duckdb, int rows, String check) {
  public static final String EQUAL = "equal";

  /** Basalt's median over DuckDB's, when both have one. */
  public OptionalDouble ratio() {
    OptionalDouble b = basalt.median();
    OptionalDouble d = duckdb.median();
    return b.isPresent() && d.isPresent()
        ? OptionalDouble.of(b.getAsDouble() / d.getAsDouble()) : OptionalDouble.empty();
  }

  public boolean answersEqual() {
    return EQUAL.equals(check);
  }
}
