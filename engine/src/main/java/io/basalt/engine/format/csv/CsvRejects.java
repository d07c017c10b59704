package io.basalt.engine.format.csv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records skipped under {@code ignore_errors}: every one is counted, and the first {@link
 * #MAX_LISTED} are kept with file, line, column and reason so that they can be listed. Thread-safe:
 * the files of a scan are read in parallel.
 */
public final class CsvRejects {
  public static final int MAX_LISTED = 10_000;

  /** One skipped record; {@code column} is null when the record as a whole was wrong. */
  public record Reject(Path file, long line, String column, String reason) {}

  private final AtomicLong count = new AtomicLong();
  private final List<Reject> listed = new ArrayList<>();

  void add(Reject reject) {
    count.incrementAndGet();
    synchronized (listed) {
      if (listed.size() < MAX_LISTED) {
        listed.add(reject);
      }
    }
  }

  /** Records skipped so far. */
  public long count() {
    return count.get();
  }

  /** The first {@link #MAX_LISTED} skipped records, in the order they were found. */
  public List<Reject> list() {
    synchronized (listed) {
      return List.copyOf(listed);
    }
  }

  public void clear() {
    synchronized (listed) {
      listed.clear();
      count.set(0);
    }
  }
}
