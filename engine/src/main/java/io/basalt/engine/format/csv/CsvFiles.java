package io.basalt.engine.format.csv;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Finding and opening CSV files: which names are CSV ({@code .csv}, {@code .tsv}, each optionally
 * {@code .gz} or {@code .zst}), listing a folder or a glob, and opening a file with the matching
 * decompression.
 */
public final class CsvFiles {
  private static final List<String> EXTENSIONS = List.of(".csv", ".tsv");
  private static final List<String> COMPRESSIONS = List.of("", ".gz", ".zst");

  private CsvFiles() {}

  /** The table name of a CSV file name ({@code sales.csv.gz} → {@code sales}), or null if not CSV. */
  public static String tableName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (String ext : EXTENSIONS) {
      for (String compression : COMPRESSIONS) {
        String suffix = ext + compression;
        if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
          return fileName.substring(0, fileName.length() - suffix.length());
        }
      }
    }
    return null;
  }

  public static boolean isCsv(Path file) {
    return tableName(file.getFileName().toString()) != null;
  }

  /** Whether the name says tab-separated ({@code .tsv}, {@code .tsv.gz}, ...). */
  public static boolean isTsv(Path file) {
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return lower.endsWith(".tsv") || lower.endsWith(".tsv.gz") || lower.endsWith(".tsv.zst");
  }

  /** Opens {@code file}, decompressing {@code .gz} and {@code .zst}. */
  public static InputStream open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (lower.endsWith(".gz")) {
        return new GZIPInputStream(raw, 1 << 16);
      }
      if (lower.endsWith(".zst")) {
        return new ZstdInputStream(new BufferedInputStream(raw, 1 << 16));
      }
      return raw;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw new CsvException(file, "cannot open as " + (lower.endsWith(".gz") ? "gzip" : "zstd")
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * The CSV files of a path: the file itself, or every CSV file below a folder (skipping names that
   * start with {@code .} or {@code _}), sorted.
   */
  public static List<Path> ofPath(Path fileOrFolder) throws IOException {
    if (Files.isRegularFile(fileOrFolder)) {
      return List.of(fileOrFolder);
    }
    if (!Files.isDirectory(fileOrFolder)) {
      throw new CsvException(fileOrFolder, 0, "no such file or folder");
    }
    try (Stream<Path> walk = Files.walk(fileOrFolder)) {
      return walk.filter(p -> Files.isRegularFile(p) && isCsv(p) && !hidden(fileOrFolder, p))
          .sorted().toList();
    } catch (UncheckedIOException e) {
      throw new CsvException(fileOrFolder, "cannot list folder: " + e.getCause().getMessage(), e);
    }
  }

  /**
   * The files matching {@code glob} (relative to {@code base} unless absolute); a pattern without
   * wildcards is a plain {@link #ofPath path}. Fails when nothing matches.
   */
  public static List<Path> ofGlob(String glob, Path base) throws IOException {
    Path absolute = Path.of(glob).isAbsolute() ? Path.of(glob) : base.resolve(glob);
    String pattern = absolute.normalize().toString();
    if (!pattern.matches(".*[*?\\[{].*")) {
      List<Path> files = ofPath(Path.of(pattern));
      if (files.isEmpty()) {
        throw new CsvException(Path.of(pattern), 0, "no .csv or .tsv files in this folder");
      }
      return files;
    }
    Path prefix = Path.of(pattern);
    while (prefix != null && prefix.toString().matches(".*[*?\\[{].*")) {
      prefix = prefix.getParent();
    }
    if (prefix == null || !Files.isDirectory(prefix)) {
      throw new CsvException(Path.of(pattern), 0, "no such folder " + prefix + " for pattern '" + glob + "'");
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(prefix)) {
      files = walk.filter(p -> Files.isRegularFile(p) && matcher.matches(p)).sorted().toList();
    } catch (UncheckedIOException e) {
      throw new CsvException(prefix, "cannot list folder: " + e.getCause().getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new CsvException(prefix, 0, "no files match '" + glob + "'");
    }
    return files;
  }

  /**
   * The folder below which {@code key=value} levels of {@link #ofGlob}'s files are partition
   * columns: the fixed part of the pattern, or the folder itself; null for a single file.
   */
  public static Path partitionRoot(String glob, Path base) {
    Path absolute = Path.of(glob).isAbsolute() ? Path.of(glob) : base.resolve(glob);
    Path prefix = absolute.normalize();
    while (prefix != null && prefix.toString().matches(".*[*?\\[{].*")) {
      prefix = prefix.getParent();
    }
    return prefix != null && Files.isDirectory(prefix) ? prefix : null;
  }

  private static boolean hidden(Path root, Path p) {
    for (Path part : root.relativize(p)) {
      String s = part.toString();
      if (s.startsWith(".") || s.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
