package io.basalt.engine.write;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a query result to a target path, all or nothing: one file at {@code target}, or with
 * {@code PARTITION_BY} a hive-partitioned folder at {@code target}. Call {@link #write} for every
 * batch, then {@link #commit}; on any failure or cancellation call {@link #abort}, which leaves the
 * target as it was. Not thread-safe.
 */
public final class ResultWriter {
  private final StagedOutput output;
  private final BatchFileWriter single;
  private final PartitionedWriter partitioned;
  private long rows;

  public ResultWriter(Path target, Schema schema, WriteOptions options, BufferAllocator allocator)
      throws IOException {
    this.output = new StagedOutput(target, options.overwrite());
    try {
      if (options.partitionBy().isEmpty()) {
        this.single = options.format().open(output.staging(), schema, options);
        this.partitioned = null;
      } else {
        this.single = null;
        this.partitioned = new PartitionedWriter(output.staging(), schema, options, allocator);
      }
    } catch (IOException | RuntimeException e) {
      output.abort();
      throw e;
    }
  }

  public void write(VectorSchemaRoot batch) throws IOException {
    if (single != null) {
      single.write(batch);
    } else {
      partitioned.write(batch);
    }
    rows += batch.getRowCount();
  }

  /** Completes every file and renames the output into place; returns the rows written. */
  public long commit() throws IOException {
    try {
      if (single != null) {
        single.close();
      } else {
        partitioned.close();
      }
      output.commit();
      return rows;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  public void abort() {
    try {
      if (single != null) {
        single.abort();
      } else if (partitioned != null) {
        partitioned.abort();
      }
    } catch (RuntimeException e) {
      // A writer already closed; the staging path is deleted below either way.
    }
    output.abort();
  }

  public Path target() {
    return output.target();
  }
}
