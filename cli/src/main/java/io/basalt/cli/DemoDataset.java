package io.basalt.cli;

import io.basalt.cli.tpch.TpchParquetGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo dataset that {@code query} and {@code shell} use without {@code --data}: TPC-H SF 0.1,
 * generated on first use into {@code $BASALT_HOME/demo-sf0.1} ({@code BASALT_HOME} defaults to
 * {@code ~/.cache/basalt}). It is generated into a temporary sibling folder and renamed into place
 * in one atomic step, so the folder either holds the whole dataset or does not exist.
 */
final class DemoDataset {
  static final double SCALE_FACTOR = 0.1;
  static final String FOLDER = "demo-sf0.1";
  private static final String TEMP_PREFIX = FOLDER + ".tmp-";
  /** Temporary folders left by a killed generation are removed once this old. */
  private static final Duration STALE = Duration.ofHours(1);

  private DemoDataset() {}

  /** {@code $BASALT_HOME}, else {@code ~/.cache/basalt}. */
  static Path home(Map<String, String> env, Path userHome) {
    String home = env.get("BASALT_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    return userHome.resolve(".cache").resolve("basalt");
  }

  /** The demo folder under {@code home}, generating it first if it does not exist yet. */
  static Path ensure(Path home, PrintStream notices) throws IOException {
    Path target = home.resolve(FOLDER).toAbsolutePath();
    if (Files.isDirectory(target)) {
      return target;
    }
    Files.createDirectories(home);
    removeStaleTemporaries(home);
    notices.println("Generating the TPC-H SF " + SCALE_FACTOR + " demo dataset into " + target
        + " (first use only)…");
    long start = System.nanoTime();
    Path temp = Files.createTempDirectory(home, TEMP_PREFIX);
    // Ctrl-C during generation: remove the partial folder on the way out.
    Thread cleanup = new Thread(() -> deleteQuietly(temp), "basalt-demo-cleanup");
    boolean hookAdded = addShutdownHook(cleanup);
    boolean moved = false;
    try {
      TpchParquetGenerator.generate(SCALE_FACTOR, temp);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        moved = true;
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        // Another process finished first; its dataset is identical (generation is deterministic).
        if (!Files.isDirectory(target)) {
          throw e;
        }
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename " + temp + " to " + target + " atomically", e);
      }
    } finally {
      if (!moved) {
        deleteQuietly(temp);
      }
      if (hookAdded) {
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
          // Already shutting down: the hook runs and finds nothing left to delete.
        }
      }
    }
    notices.printf("Generated the demo dataset in %.1f s.%n", (System.nanoTime() - start) / 1e9);
    return target;
  }

  private static boolean addShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return true;
    } catch (IllegalStateException | SecurityException e) {
      return false;
    }
  }

  private static void removeStaleTemporaries(Path home) {
    Instant cutoff = Instant.now().minus(STALE);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(home, TEMP_PREFIX + "*")) {
      for (Path entry : entries) {
        if (Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
          deleteQuietly(entry);
        }
      }
    } catch (IOException e) {
      // Best effort: a leftover temporary folder wastes space but breaks nothing.
    }
  }

  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort
        }
      });
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }
}
