package io.basalt.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of one engine instance, validated on construction.
 *
 * @param threads worker threads, at least 1
 * @param memoryLimitBytes hard limit on the bytes all queries of the engine may hold
 * @param spillDir where blocking operators write temporary files
 * @param pushdown whether scans skip data by pushed predicates (off only to compare or diagnose)
 * @param maxTempBytes the most bytes of spill files one query may hold; 0 for 90% of the free
 *     space of spill_dir's volume
 */
public record EngineConfig(int threads, long memoryLimitBytes, Path spillDir, boolean pushdown,
    long maxTempBytes) {
  public EngineConfig {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if (memoryLimitBytes < 1 << 20) {
      throw new IllegalArgumentException(
          "memory_limit must be at least 1MB, got " + memoryLimitBytes + " bytes");
    }
    Objects.requireNonNull(spillDir, "spillDir is null");
    if (maxTempBytes < 0) {
      throw new IllegalArgumentException("max_temp_size must not be negative, got " + maxTempBytes);
    }
  }

  /** Settings with the default max_temp_size. */
  public EngineConfig(int threads, long memoryLimitBytes, Path spillDir, boolean pushdown) {
    this(threads, memoryLimitBytes, spillDir, pushdown, 0);
  }

  /** Settings with pushdown on. */
  public EngineConfig(int threads, long memoryLimitBytes, Path spillDir) {
    this(threads, memoryLimitBytes, spillDir, true);
  }

  /** Defaults: every core; 60% of what the JVM may use (heap maximum plus direct memory). */
  public static EngineConfig defaults() {
    return new EngineConfig(Runtime.getRuntime().availableProcessors(), defaultMemoryLimit(),
        Path.of(System.getProperty("java.io.tmpdir"), "basalt-spill"));
  }

  /** 60% of the JVM's maximum heap, which is also the default direct-memory maximum. */
  public static long defaultMemoryLimit() {
    return Math.max(64L << 20, (long) (Runtime.getRuntime().maxMemory() * 0.6));
  }
}
