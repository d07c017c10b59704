package io.basalt.bench.tpch;

import io.basalt.bench.EngineResult;
import java.util.OptionalDouble;

/**
 * One query of the thread-scaling table: both engines' timings at one thread and at N, and
 * whether every answer equals DuckDB's.
 */
public record ScalingRow(int query, EngineResult basalt1, EngineResult basaltN,
    EngineResult duckdb1, EngineResult duckdbN, String check) {

  /** Basalt's median at one thread over its median at N threads. */
  public OptionalDouble basaltSpeedup() {
    return speedup(basalt1, basaltN);
  }

  /** DuckDB's median at one thread over its median at N threads. */
  public OptionalDouble duckdbSpeedup() {
    return speedup(duckdb1, duckdbN);
  }

  private static OptionalDouble speedup(EngineResult one, EngineResult many) {
    OptionalDouble a = one.median();
    OptionalDouble b = many.median();
    return a.isPresent() && b.isPresent()
        ? OptionalDouble.of(a.getAsDouble() / b.getAsDouble()) : OptionalDouble.empty();
  }
}
