package io.basalt.engine.catalog;

import io.basalt.engine.format.parquet.ParquetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code key=value} folder levels of a hive-partitioned table, found without listing the
 * leaf folders' contents: the first data file (in sorted order) tells the keys and the depth;
 * every level above the leaves is listed, the leaves themselves only when a scan needs their
 * files. A table whose layout is not that regular is not a partition tree (null).
 */
final class PartitionTree {
  /** One leaf folder and its raw (decoded) partition values, in key order. */
  record Leaf(Path dir, List<String> rawValues) {}

  private PartitionTree() {}

  /**
   * The leaves below {@code root}, or null when {@code root} is not partitioned regularly (no
   * file, the first file not directly inside {@code key=value} levels, or another layout).
   *
   * @param firstFile the first data file below {@code root} in sorted order
   */
  static List<Leaf> leaves(Path root, Path firstFile) throws IOException {
    Map<String, String> first = PartitionValues.parse(root, firstFile);
    Path relative = root.relativize(firstFile.getParent());
    if (first.isEmpty() || relative.getNameCount() != first.size()) {
      return null;
    }
    List<String> keys = new ArrayList<>(first.keySet());
    for (int i = 0; i < keys.size(); i++) {
      if (!relative.getName(i).toString().startsWith(keys.get(i) + "=")) {
        return null;
      }
    }
    List<Leaf> out = new ArrayList<>();
    if (!collect(root, root, keys, 0, out)) {
      return null;
    }
    return out;
  }

  /** Lists level {@code depth} below {@code dir}; false when the layout is irregular. */
  private static boolean collect(Path root, Path dir, List<String> keys, int depth, List<Leaf> out)
      throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") || name.startsWith("_")) {
          continue;
        }
        entries.add(p);
      }
    }
    entries.sort(null);
    for (Path p : entries) {
      String name = p.getFileName().toString();
      if (!Files.isDirectory(p)) {
        if (name.endsWith(".parquet")) {
          return false; // a data file above the leaf level: not a regular tree
        }
        continue;
      }
      if (!name.startsWith(keys.get(depth) + "=")) {
        return false;
      }
      if (depth + 1 == keys.size()) {
        Map<String, String> values = PartitionValues.parse(root, p.resolve("x"));
        out.add(new Leaf(p, new ArrayList<>(values.values())));
      } else if (!collect(root, p, keys, depth + 1, out)) {
        return false;
      }
    }
    return true;
  }

  /** The first data file below {@code root} in sorted order, or null; lists only what it must. */
  static Path firstDataFile(Path root, Path dir) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".") && !name.startsWith("_")) {
          entries.add(p);
        }
      }
    }
    entries.sort(null);
    // Files.walk order: a folder's own files and sub-folders interleave by name, as sorted paths do.
    for (Path p : entries) {
      if (Files.isDirectory(p)) {
        Path found = firstDataFile(root, p);
        if (found != null) {
          return found;
        }
      } else if (p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /** The data files below one leaf folder, sorted. */
  static List<Path> files(Path root, Path leaf) {
    try (Stream<Path> walk = Files.walk(leaf)) {
      return walk.filter(p -> ParquetDataset.isDataFile(root, p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(new ParquetException(leaf, "cannot list partition folder: "
          + e.getMessage(), e));
    }
  }
}
