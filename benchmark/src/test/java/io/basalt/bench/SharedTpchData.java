package io.basalt.bench;

import io.basalt.cli.tpch.TpchParquetGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TPC-H SF 0.01 generated once per test JVM and shared by the test classes that need it (the
 * generator takes seconds); deleted when the JVM exits.
 */
public final class SharedTpchData {
  public static final double SCALE_FACTOR = 0.01;
  private static Path folder;

  private SharedTpchData() {}

  public static synchronized Path folder() {
    if (folder == null) {
      try {
        Path dir = Files.createTempDirectory("basalt-bench-test-tpch");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TpchData.deleteTree(dir)));
        TpchParquetGenerator.generate(SCALE_FACTOR, dir);
        folder = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return folder;
  }
}
