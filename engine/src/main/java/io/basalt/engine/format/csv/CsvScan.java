package io.basalt.engine.format.csv;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Scans the projected columns of a {@link CsvDataset}: up to {@code threads} worker threads each
 * take the next unread file and parse it into batches, which they hand to the consumer through a
 * queue of at most two batches per worker — so memory stays bounded however fast the workers are,
 * and a slow consumer simply stalls them. Batches arrive in no particular order across files.
 *
 * <p>Follows the {@link BatchStream} contract: one consumer thread calls {@link #next} and {@link
 * #close}. The first failure of any worker is rethrown by {@link #next}; {@link #close} (at any
 * point) stops the workers and frees every queued batch.
 */
public final class CsvScan implements BatchStream {
  private static final Object END = new Object();

  private final CsvDataset dataset;
  private final int[] projection;
  private final ExecContext context;
  private final int workerCount;
  private final BlockingQueue<Object> queue;
  private final AtomicInteger nextFile = new AtomicInteger();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final List<Thread> workers = new ArrayList<>();
  private int running;
  private volatile boolean closed;

  public CsvScan(CsvDataset dataset, int[] projection, ExecContext context, int threads) {
    this.dataset = dataset;
    this.projection = projection.clone();
    this.context = context;
    this.workerCount = Math.max(1, Math.min(threads, dataset.files().size()));
    this.queue = new ArrayBlockingQueue<>(2 * workerCount + 1);
  }

  @Override
  public VectorSchemaRoot next() throws IOException {
    if (workers.isEmpty() && running == 0 && !stopped.get()) {
      start();
    }
    while (running > 0) {
      context.checkCancelled();
      Object item;
      try {
        item = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading CSV files");
      }
      if (item == null) {
        continue;
      }
      if (item == END) {
        running--;
      } else if (item instanceof VectorSchemaRoot batch) {
        return batch;
      } else if (item instanceof IOException e) {
        throw e;
      } else if (item instanceof RuntimeException e) {
        throw e;
      } else if (item instanceof Error e) {
        throw e;
      }
    }
    return null;
  }

  private void start() {
    running = workerCount;
    for (int i = 0; i < workerCount; i++) {
      Thread t = new Thread(this::work, "basalt-csv-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  private void work() {
    try {
      while (!stopped.get()) {
        int index = nextFile.getAndIncrement();
        if (index >= dataset.files().size()) {
          break;
        }
        try (CsvFileScanner scanner = new CsvFileScanner(dataset, index, projection,
            context.allocator(), context.batchRows())) {
          VectorSchemaRoot batch;
          while (!stopped.get() && (batch = scanner.next()) != null) {
            if (!offer(batch)) {
              batch.close();
              return;
            }
          }
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      // Stop the other workers: the scan has failed.
      stopped.set(true);
      offer(e);
    } finally {
      offer(END);
    }
  }

  /** Puts an item on the queue, waiting while it is full; false once the scan is closed. */
  private boolean offer(Object item) {
    try {
      while (true) {
        if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
          return true;
        }
        if (stopped.get() && item instanceof VectorSchemaRoot) {
          return false;
        }
        if (closed) {
          return false;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    stopped.set(true);
    for (Thread t : workers) {
      while (t.isAlive()) {
        drain();
        try {
          t.join(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    drain();
    running = 0;
  }

  private void drain() {
    Object item;
    while ((item = queue.poll()) != null) {
      if (item instanceof VectorSchemaRoot batch) {
        batch.close();
      }
    }
  }
}
