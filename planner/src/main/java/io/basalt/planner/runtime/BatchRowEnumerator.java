package io.basalt.planner.runtime;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.QueryRun;
import io.basalt.planner.physical.VecImplementor;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.QueryProfile;
import io.basalt.engine.memory.MemoryPool;
import io.basalt.engine.spill.SpillManager;
import io.basalt.planner.physical.VecRel;
import io.basalt.planner.types.RowValueReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Streams a VEC plan's batches as rows: one batch is held at a time, and rows are materialized one
 * by one from it. Owns the query's child allocator; {@link #close} releases the batch, the operator
 * tree and the allocator (which throws if any buffer leaked, so leaks fail loudly).
 */
final class BatchRowEnumerator implements Enumerator<Object[]> {

  private final DataContext root;
  private final VecRel plan;
  private final AtomicBoolean cancelFlag;
  private BufferAllocator allocator;
  private BatchStream stream;
  private QueryRun run;
  private VectorSchemaRoot batch;
  private RowValueReader[] readers;
  private int row;
  private Object[] current;
  private boolean done;

  BatchRowEnumerator(DataContext root, VecRel plan) {
    this.root = root;
    this.plan = plan;
    this.cancelFlag = DataContext.Variable.CANCEL_FLAG.get(root);
  }

  @Override
  public Object[] current() {
    return current;
  }

  @Override
  public boolean moveNext() {
    if (done) {
      return false;
    }
    try {
      if (stream == null) {
        open();
      }
      while (batch == null || row >= batch.getRowCount()) {
        closeBatch();
        batch = stream.next();
        if (batch == null) {
          done = true;
          release();
          return false;
        }
        row = 0;
        List<FieldVector> vectors = batch.getFieldVectors();
        readers = new RowValueReader[vectors.size()];
        for (int i = 0; i < readers.length; i++) {
          readers[i] = RowValueReader.forVector(vectors.get(i));
        }
      }
      // The scan checks the flag per batch; row-at-a-time operators above it (a nested-loop join
      // may do millions of comparisons per batch) stop at the next row this way.
      if (cancelFlag != null && cancelFlag.get()) {
        throw new ExecContext.QueryCancelledException();
      }
      Object[] values = new Object[readers.length];
      for (int i = 0; i < readers.length; i++) {
        values[i] = readers[i].read(row);
      }
      row++;
      current = values;
      return true;
    } catch (IOException e) {
      release();
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (OutOfMemoryException e) {
      long limit = plan.engine().memoryPool().limitBytes();
      release();
      throw new IllegalStateException(MemoryPool.describe(e, limit), e);
    } catch (RuntimeException | Error e) {
      release();
      throw e;
    }
  }

  private void open() {
    allocator = plan.engine().memoryPool().newQueryAllocator("query-" + System.identityHashCode(this));
    AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(root);
    Object profile = root.get(VecRuntime.QUERY_PROFILE);
    ExecContext context = new ExecContext(allocator, ExecContext.DEFAULT_BATCH_ROWS, cancel,
        new io.basalt.engine.pushdown.ParameterValues() {
          @Override
          public Object get(int index) {
            return root.get("?" + index);
          }

          @Override
          public Object variable(String name) {
            return root.get(name);
          }
        },
        profile instanceof QueryProfile p ? p : new QueryProfile(),
        new SpillManager(plan.engine().config().spillDir(), plan.engine().config().maxTempBytes()));
    run = new QueryRun(context, plan.engine().config().threads());
    try {
      stream = run.execute(VecImplementor.implement(plan, root));
    } catch (IOException | RuntimeException e) {
      throw e instanceof IOException io ? new UncheckedIOException(io.getMessage(), io)
          : (RuntimeException) e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private void closeBatch() {
    if (batch != null) {
      batch.close();
      batch = null;
    }
  }

  /** Releases everything, in dependency order; safe to call repeatedly. */
  private void release() {
    closeBatch();
    if (stream != null) {
      stream.close();
      stream = null;
    }
    if (run != null) {
      run.close();
      run = null;
    }
    if (allocator != null) {
      BufferAllocator a = allocator;
      allocator = null;
      a.close();
    }
  }

  @Override
  public void reset() {
    release();
    done = false;
    batch = null;
    current = null;
  }

  @Override
  public void close() {
    done = true;
    release();
  }
}
