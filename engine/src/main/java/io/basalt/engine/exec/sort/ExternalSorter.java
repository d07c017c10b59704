package io.basalt.engine.exec.sort;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.memory.OperatorMemory;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A single-threaded external sort for operators that must order data larger than memory on the
 * thread they run on (a worker, where {@link SortNode}'s parallel drain is not available): rows are
 * buffered under one reservation of {@code memory}, written as sorted runs whenever the buffer
 * cannot grow, and merged — in passes if the memory allows only a narrow merge — into one sorted
 * stream. Everything is written to disk once the input ends, since a caller uses it only for data
 * it already knows to be too large. Closing deletes every run still on disk.
 */
public final class ExternalSorter implements AutoCloseable {
  private final ExecContext context;
  private final OperatorMemory memory;
  private final List<SortKey> keys;
  private final Schema schema;
  private final SortRuns runs;
  private final SortBuffer buffer;
  private boolean bufferClosed;

  /**
   * @param memory the operator's memory, where the buffer and the merge book what they hold
   * @param label names the run files
   */
  public ExternalSorter(ExecContext context, OperatorMemory memory, List<SortKey> keys,
      Schema schema, String label) {
    this.context = context;
    this.memory = memory;
    this.keys = List.copyOf(keys);
    this.schema = schema;
    this.runs = new SortRuns(context, label);
    this.buffer = new SortBuffer(this.keys, memory.newReservation(label + " sort buffer"), runs);
  }

  /** Takes {@code batch} (which must have this sorter's schema) over. */
  public void add(VectorSchemaRoot batch) {
    context.checkCancelled();
    buffer.accept(batch);
  }

  /**
   * Every row added, in key order (ties in the order added). Call once, after the last {@link
   * #add}; the stream must be closed before this sorter. Its batches are about a megabyte, like
   * the runs' (so that a consumer holding several at once stays small).
   */
  public BatchStream sorted() throws IOException {
    buffer.spill();
    closeBuffer();
    return RunMerger.mergeAll(context, runs, keys, memory, schema, runs.maxBatchRows());
  }

  /** Rows written to run files so far. */
  public long spilledRows() {
    return runs.rows.get();
  }

  /** Bytes written to run files so far. */
  public long spilledBytes() {
    return runs.bytes.get();
  }

  /** Run files written so far. */
  public long spilledFiles() {
    return runs.files.get();
  }

  /** Merge passes (1 when the runs were merged at once). */
  public int passes() {
    return runs.passes();
  }

  private void closeBuffer() {
    if (!bufferClosed) {
      bufferClosed = true;
      buffer.close();
    }
  }

  @Override
  public void close() {
    closeBuffer();
    runs.close();
  }
}
