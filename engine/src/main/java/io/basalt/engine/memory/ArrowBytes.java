package io.basalt.engine.memory;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** What a batch an operator holds costs the memory limit. */
public final class ArrowBytes {
  private ArrowBytes() {}

  /**
   * The Arrow memory under {@code batch}: each buffer's whole allocation, so that a batch sliced
   * out of a larger one is charged what it keeps alive (an overestimate when batches share one).
   */
  public static long held(VectorSchemaRoot batch) {
    long total = 0;
    for (FieldVector v : batch.getFieldVectors()) {
      for (ArrowBuf buf : v.getBuffers(false)) {
        total += buf.getReferenceManager().getAccountedSize();
      }
    }
    return total;
  }
}
