package io.basalt.engine.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Makes a write all-or-nothing: everything is written under a hidden staging name next to the
 * target ({@code .<name>.basalt-tmp-<random>}, which table listings skip), and {@link #commit}
 * renames it onto the target. With {@code overwrite} an existing target is first moved aside and
 * deleted only after the rename, so a failure never leaves both missing. {@link #abort} deletes the
 * staging path; a failed or cancelled query therefore leaves the target as it was.
 */
public final class StagedOutput {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path target;
  private final Path staging;
  private final boolean overwrite;
  private boolean done;

  /**
   * Checks the target up front (so that a long query does not run only to be refused) and picks the
   * staging name.
   */
  public StagedOutput(Path target, boolean overwrite) throws IOException {
    this.target = target.toAbsolutePath().normalize();
    this.overwrite = overwrite;
    Path parent = this.target.getParent();
    if (parent == null) {
      throw new IOException("cannot write to " + this.target + ": it has no parent folder");
    }
    Files.createDirectories(parent);
    if (Files.exists(this.target) && !overwrite) {
      throw new FileAlreadyExistsException(this.target.toString(), null,
          "already exists; add OVERWRITE to replace it, or choose another path");
    }
    this.staging = parent.resolve("." + this.target.getFileName() + ".basalt-tmp-"
        + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
  }

  public Path target() {
    return target;
  }

  /** Where to write: a file path, or a folder the caller creates and fills. */
  public Path staging() {
    return staging;
  }

  /** Renames the staging path onto the target. */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("output " + target + " already committed or aborted");
    }
    done = true;
    Path aside = null;
    if (Files.exists(target)) {
      if (!overwrite) {
        delete(staging);
        throw new FileAlreadyExistsException(target.toString(), null,
            "was created while the query ran; add OVERWRITE to replace it");
      }
      aside = target.resolveSibling("." + target.getFileName() + ".basalt-old-"
          + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE));
      move(target, aside);
    }
    try {
      move(staging, target);
    } catch (IOException e) {
      if (aside != null) {
        move(aside, target);
      }
      delete(staging);
      throw e;
    }
    if (aside != null) {
      delete(aside);
    }
  }

  /** Deletes whatever was staged; never throws. */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    try {
      delete(staging);
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a hidden leftover is skipped by table listings.
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } else {
      Files.deleteIfExists(path);
    }
  }
}
