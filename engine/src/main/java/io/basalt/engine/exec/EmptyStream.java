package io.basalt.engine.exec;

import org.apache.arrow.vector.VectorSchemaRoot;

/** The stream of no batches: the other copies of an ordered node, LIMIT 0. */
public final class EmptyStream implements BatchStream {
  public static final EmptyStream INSTANCE = new EmptyStream();

  private EmptyStream() {}

  @Override
  public VectorSchemaRoot next() {
    return null;
  }

  @Override
  public void close() {}
}
