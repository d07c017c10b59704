package io.basalt.bench;

import io.basalt.cli.tpch.TpchParquetGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The TPC-H Parquet data a benchmark runs on: {@code <table>.parquet} for the eight tables, in a
 * folder given by the user or, by default, {@code $BASALT_HOME/tpch-sf<N>} (next to the command
 * line's demo dataset). Missing data is generated; a default folder appears atomically (generated
 * into a temporary sibling and renamed), so an interrupted run never leaves half a dataset there.
 */
public final class TpchData {
  public static final List<String> TABLES = List.of(
      "lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region");

  private TpchData() {}

  /** {@code $BASALT_HOME}, else {@code ~/.cache/basalt}. */
  public static Path home(Map<String, String> env) {
    String home = env.get("BASALT_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "basalt");
  }

  /** The scale factor as folder names show it: {@code 1}, {@code 0.1}, {@code 0.01}. */
  public static String scaleLabel(double scaleFactor) {
    return BigDecimal.valueOf(scaleFactor).stripTrailingZeros().toPlainString();
  }

  /** The default data folder for {@code scaleFactor} under {@code home}. */
  public static Path defaultFolder(Path home, double scaleFactor) {
    return home.resolve("tpch-sf" + scaleLabel(scaleFactor)).toAbsolutePath();
  }

  /** Table name to its Parquet file in {@code folder}, in {@link #TABLES} order. */
  public static Map<String, Path> files(Path folder) {
    Map<String, Path> files = new LinkedHashMap<>();
    for (String table : TABLES) {
      files.put(table, folder.resolve(table + ".parquet"));
    }
    return files;
  }

  /**
   * {@code folder}, after generating the tables at {@code scaleFactor} when any is missing.
   * Existing complete data is used as it is, whatever scale factor it was generated at.
   */
  public static Path ensure(Path folder, double scaleFactor, PrintStream notices)
      throws IOException {
    Path target = folder.toAbsolutePath();
    if (complete(target)) {
      return target;
    }
    notices.println("Generating TPC-H SF " + scaleLabel(scaleFactor) + " into " + target + "…");
    long start = System.nanoTime();
    if (Files.isDirectory(target)) {
      // A folder the user named: fill it in place (each file appears atomically).
      TpchParquetGenerator.generate(scaleFactor, target);
    } else {
      generateAtomically(target, scaleFactor);
    }
    notices.printf("Generated in %.1f s.%n", (System.nanoTime() - start) / 1e9);
    return target;
  }

  private static boolean complete(Path folder) {
    return files(folder).values().stream().allMatch(Files::isRegularFile);
  }

  private static void generateAtomically(Path target, double scaleFactor) throws IOException {
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempDirectory(parent, target.getFileName() + ".tmp-");
    boolean moved = false;
    try {
      TpchParquetGenerator.generate(scaleFactor, temp);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        moved = true;
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        // Another run finished first; generation is deterministic, so its data is the same.
        if (!complete(target)) {
          throw e;
        }
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename " + temp + " to " + target + " atomically", e);
      }
    } finally {
      if (!moved) {
        deleteTree(temp);
      }
    }
  }

  /** Deletes {@code dir} and everything below it; best effort. */
  static void deleteTree(Path dir) {
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
