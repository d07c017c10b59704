package io.basalt.bench.tpch;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Decides when the thread-scaling benchmark's warm-up may end: after the requested rounds, and
 * then only once a whole round ran with the JIT compiler nearly idle (at most {@link
 * #MAX_ROUNDS} rounds). Why: HotSpot goes on compiling Basalt's scan and kernels for dozens of
 * executions, and its compiler threads need a core. At one worker thread they take the idle
 * second core; at two they take it from a worker, so early runs understate the speed-up (on the
 * 2-core VM, Q6 spent 100-450 ms of compile time per round for its first 30 rounds). DuckDB is
 * native and unaffected.
 */
final class WarmupGate {
  /** A round is quiet when compiling took at most this share of its wall time. */
  static final double QUIET_SHARE = 0.02;
  /** Warm-up ends here even if the JIT is still busy. */
  static final int MAX_ROUNDS = 60;

  private final int minRounds;
  private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
  private int rounds;
  private boolean lastQuiet = true;
  private long compileAtStart;
  private long nanosAtStart;

  WarmupGate(int minRounds) {
    this.minRounds = minRounds;
  }

  /** Whether another warm-up round is due; call {@link #roundDone} after running it. */
  boolean another() {
    if (rounds >= MAX_ROUNDS || (rounds >= minRounds && lastQuiet)) {
      return false;
    }
    compileAtStart = compileMillis();
    nanosAtStart = System.nanoTime();
    return true;
  }

  void roundDone() {
    double wallMillis = (System.nanoTime() - nanosAtStart) / 1e6;
    lastQuiet = quiet(compileMillis() - compileAtStart, wallMillis);
    rounds++;
  }

  /** Warm-up rounds run so far. */
  int rounds() {
    return rounds;
  }

  static boolean quiet(long compileMillis, double wallMillis) {
    return compileMillis <= QUIET_SHARE * wallMillis;
  }

  private long compileMillis() {
    // Without compile-time monitoring every round counts as quiet: the requested rounds only.
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime() : 0;
  }
}
