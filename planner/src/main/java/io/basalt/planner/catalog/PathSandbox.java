package io.basalt.planner.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Confines the paths a query names ({@code read_parquet('...')}; later {@code read_csv}, {@code
 * COPY ... TO}) to the data root and a list of allowed roots, and says whether the connection may
 * write. A path is allowed only if it lies inside a root both as written (after {@code ..} is
 * resolved) and after symbolic links are followed, so neither {@code ../x}, an absolute path nor a
 * symlink planted inside a root can reach other files.
 *
 * <p>{@link #unrestricted()} allows everything: the default for in-process connections, where the
 * caller owns the JVM anyway. The server always uses a restricting sandbox.
 */
public final class PathSandbox {
  private static final PathSandbox UNRESTRICTED = new PathSandbox(List.of(), false, false);

  private final List<Path> roots;
  private final boolean restricted;
  private final boolean readOnly;

  private PathSandbox(List<Path> roots, boolean restricted, boolean readOnly) {
    this.roots = roots;
    this.restricted = restricted;
    this.readOnly = readOnly;
  }

  /** No restriction on paths, writes allowed. */
  public static PathSandbox unrestricted() {
    return UNRESTRICTED;
  }

  /**
   * Paths confined to {@code dataRoot} and {@code allowedRoots}; each root must exist. Roots are
   * kept both as given (absolute, normalized) and with symlinks resolved.
   */
  public static PathSandbox restricted(Path dataRoot, List<Path> allowedRoots, boolean readOnly)
      throws IOException {
    List<Path> all = new ArrayList<>();
    all.add(dataRoot);
    all.addAll(allowedRoots);
    List<Path> roots = new ArrayList<>();
    for (Path root : all) {
      Path absolute = root.toAbsolutePath().normalize();
      if (!Files.isDirectory(absolute)) {
        throw new IOException("allowed root " + absolute + " does not exist or is not a directory");
      }
      roots.add(absolute);
      Path real = absolute.toRealPath();
      if (!real.equals(absolute)) {
        roots.add(real);
      }
    }
    return new PathSandbox(List.copyOf(roots), true, readOnly);
  }

  /** Writes refused, paths unrestricted (an in-process read-only connection without roots). */
  public PathSandbox withReadOnly(boolean value) {
    return new PathSandbox(roots, restricted, value);
  }

  public boolean isRestricted() {
    return restricted;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  /** The roots paths must stay in (empty when unrestricted). */
  public List<Path> roots() {
    return roots;
  }

  /**
   * Checks the file, folder or glob pattern {@code text} (relative to {@code base} unless
   * absolute) before it is listed: its fixed part (up to the first glob character) must lie inside
   * a root as written and, for the part that exists, with symlinks followed.
   *
   * @throws SecurityException "path outside the allowed roots", naming the path and the roots
   */
  public void checkPattern(String text, Path base) {
    if (!restricted) {
      return;
    }
    Path fixed;
    try {
      fixed = fixedPart(text, base);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("invalid path '" + text + "': " + e.getMessage(), e);
    }
    if (!insideAnyRoot(fixed)) {
      throw outside(text, fixed);
    }
    Path existing = fixed;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing != null) {
      Path real = realPath(text, existing);
      if (!insideAnyRoot(real)) {
        throw outside(text, real);
      }
    }
  }

  /**
   * Checks one file a pattern matched, with symlinks followed (a link inside a root may point
   * anywhere).
   */
  public void checkFile(String text, Path file) {
    if (!restricted) {
      return;
    }
    Path real = realPath(text, file);
    if (!insideAnyRoot(real)) {
      throw outside(text, real);
    }
  }

  /**
   * The read-only hook: every statement that writes files or tables ({@code COPY ... TO}, {@code
   * CREATE TABLE ... AS}) calls it before doing anything.
   *
   * @param operation what is refused, e.g. "COPY TO", for the message
   * @throws SecurityException when the connection is read-only
   */
  public void checkWritable(String operation) {
    if (readOnly) {
      throw new SecurityException(operation + " refused: the connection is read-only"
          + " (the server was started with --read-only, or read_only=true was set)");
    }
  }

  /** Whether {@code path}, with symlinks followed, lies inside a root (always, unrestricted). */
  public boolean allows(Path path) {
    if (!restricted) {
      return true;
    }
    try {
      return insideAnyRoot(path.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private boolean insideAnyRoot(Path path) {
    for (Path root : roots) {
      if (path.startsWith(root)) {
        return true;
      }
    }
    return false;
  }

  private SecurityException outside(String text, Path resolved) {
    return new SecurityException("path outside the allowed roots: '" + text + "' resolves to "
        + resolved + "; allowed roots: " + roots
        + " (give a path inside the data folder, or add a root with allowed_roots / --allow-root)");
  }

  private static Path realPath(String text, Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot resolve '" + text + "' (" + path + "): "
          + e.getMessage(), e);
    }
  }

  /** The absolute, normalized path of {@code text} up to (excluding) its first glob segment. */
  static Path fixedPart(String text, Path base) {
    Path path = Path.of(text);
    Path absolute = (path.isAbsolute() ? path : base.resolve(path)).normalize();
    Path fixed = absolute.getRoot();
    for (Path segment : absolute) {
      String s = segment.toString();
      if (s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{')) {
        break;
      }
      fixed = fixed == null ? segment : fixed.resolve(segment);
    }
    return Objects.requireNonNull(fixed, "path has no root");
  }

  @Override
  public String toString() {
    return restricted ? "PathSandbox" + roots + (readOnly ? " read-only" : "")
        : "PathSandbox[unrestricted" + (readOnly ? ", read-only" : "") + "]";
  }
}
