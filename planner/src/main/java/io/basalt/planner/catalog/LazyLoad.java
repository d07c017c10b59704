package io.basalt.planner.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A value loaded with I/O on first use, at most once, thread-safely: what a table needs for its
 * dataset (listing files, reading footers or sniffing CSV) only when a query first touches it.
 */
final class LazyLoad<T> {
  /** Loads the value; may do I/O. */
  @FunctionalInterface
  interface Loader<T> {
    T load() throws IOException;
  }

  private final Loader<T> loader;
  private volatile T value;

  LazyLoad(Loader<T> loader) {
    this.loader = loader;
  }

  /** The value, loaded now if needed; I/O problems surface as UncheckedIOException. */
  T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        if (value == null) {
          try {
            value = loader.load();
          } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
          }
        }
        v = value;
      }
    }
    return v;
  }
}
