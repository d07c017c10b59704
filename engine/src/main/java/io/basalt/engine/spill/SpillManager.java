package io.basalt.engine.spill;

import io.basalt.engine.memory.MemoryLimitExceededException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The temporary files of one query: a folder of its own under spill_dir, created on the first
 * spill, holding compressed Arrow IPC files ({@link SpillFile}); their total size is capped by
 * max_temp_size. {@link #close} deletes the folder and everything in it, and the query closes its
 * manager on every path (success, failure, cancel). Thread-safe.
 */
public final class SpillManager implements AutoCloseable {
  /** Used when max_temp_size is not set: a share of the spill volume's free space. */
  public static final double DEFAULT_FREE_SPACE_SHARE = 0.9;

  private final Path spillDir;
  private final long maxTempBytes;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong held = new AtomicLong();
  private final List<SpillFile> files = new ArrayList<>();
  private Path folder;
  private long limit = -1;
  private int counter;
  private boolean closed;

  /**
   * @param spillDir the spill_dir setting; created when needed
   * @param maxTempBytes the most bytes of temporary files the query may hold at once; 0 for the
   *     default ({@value #DEFAULT_FREE_SPACE_SHARE} of the free space where they go)
   */
  public SpillManager(Path spillDir, long maxTempBytes) {
    if (maxTempBytes < 0) {
      throw new IllegalArgumentException("max_temp_size must not be negative: " + maxTempBytes);
    }
    this.spillDir = spillDir;
    this.maxTempBytes = maxTempBytes;
  }

  /** A manager under the JVM's temp folder with the default cap (tests, tools). */
  public static SpillManager temporary() {
    return new SpillManager(Path.of(System.getProperty("java.io.tmpdir"), "basalt-spill"), 0);
  }

  /** A new empty spill file for batches of {@code schema}; {@code label} names it for humans. */
  public SpillFile newFile(String label, Schema schema) {
    return newFile(label, schema, true);
  }

  /**
   * A new empty spill file, LZ4-compressed or not: a file read back several times (by several
   * cursors) is cheaper to keep uncompressed than to decompress on every read.
   */
  public synchronized SpillFile newFile(String label, Schema schema, boolean compressed) {
    if (closed) {
      throw new IllegalStateException("the query's spill files were already deleted");
    }
    Path dir = folder();
    Path path = dir.resolve(String.format("%05d-%s.arrows", counter++,
        label.replaceAll("[^A-Za-z0-9_.-]", "_")));
    SpillFile f = new SpillFile(this, path, schema, compressed);
    files.add(f);
    return f;
  }

  private Path folder() {
    if (folder == null) {
      try {
        Files.createDirectories(spillDir);
        folder = Files.createTempDirectory(spillDir, "basalt-query-");
        limit = maxTempBytes > 0 ? maxTempBytes : defaultLimit(spillDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a spill folder in spill_dir " + spillDir
            + " (" + e.getMessage() + "); set spill_dir to a writable folder", e);
      }
    }
    return folder;
  }

  private static long defaultLimit(Path dir) throws IOException {
    FileStore store = Files.getFileStore(dir);
    return Math.max(1L << 20, (long) (store.getUsableSpace() * DEFAULT_FREE_SPACE_SHARE));
  }

  /** Books {@code bytes} more of file data; throws when the query would pass max_temp_size. */
  void written(long bytes) {
    written.addAndGet(bytes);
    long now = held.addAndGet(bytes);
    if (now > limit) {
      throw new SpillLimitExceededException("query exceeded max_temp_size of "
          + MemoryLimitExceededException.bytes(limit) + " of temporary files in " + spillDir
          + "; raise max_temp_size, free disk space, or raise memory_limit so less spills");
    }
  }

  /** A deleted file gives its bytes back. */
  void released(long bytes) {
    held.addAndGet(-bytes);
  }

  /** Bytes written to spill files so far (deleted ones included). */
  public long bytesWritten() {
    return written.get();
  }

  /** The query's spill folder, or null when nothing spilled yet. */
  public synchronized Path folderOrNull() {
    return folder;
  }

  /** Deletes every spill file and the folder; safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (SpillFile f : files) {
      f.delete();
    }
    files.clear();
    if (folder != null) {
      try (Stream<Path> left = Files.walk(folder)) {
        left.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            // A file still open elsewhere (Windows); nothing more the query can do.
          }
        });
      } catch (IOException e) {
        // The folder is gone already.
      }
    }
  }
}
