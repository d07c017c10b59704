package io.basalt.engine.write;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes Arrow batches into one file. {@link #close} completes the file; {@link #abort} deletes
 * what was written. Exactly one of them ends the writer. Not thread-safe.
 */
public interface BatchFileWriter {
  /** Appends every row of {@code batch}, whose columns match the writer's schema by position. */
  void write(VectorSchemaRoot batch) throws IOException;

  /** Completes the file. */
  void close() throws IOException;

  /** Deletes the partial file; never throws. */
  void abort();
}
