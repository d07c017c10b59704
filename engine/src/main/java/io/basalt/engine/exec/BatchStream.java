package io.basalt.engine.exec;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A pull-based stream of Arrow batches: the bring-up contract between the engine and the JDBC
 * bridge. Single-threaded: one consumer calls {@link #next} until it returns null, then {@link
 * #close}. Each returned batch is owned by the caller, who closes it before or after asking for the
 * next one. {@link #close} may be called at any point (early termination, cancel, failure) and
 * releases everything the stream still holds.
 */
public interface BatchStream extends AutoCloseable {
  /** The next batch (caller owns it), or null when the stream is exhausted. */
  VectorSchemaRoot next() throws IOException;

  @Override
  void close();
}
