package io.basalt.engine.memory;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;

/**
 * The engine's one memory root: every Arrow buffer a query allocates comes from a child of this
 * pool, so the limit is hard and accounting is exact. Closing the pool with buffers still allocated
 * throws, which is how tests catch leaks.
 *
 * <p>Thread-safe (Arrow allocators are).
 */
public final class MemoryPool implements AutoCloseable {
  private final RootAllocator root;
  private final long limitBytes;

  public MemoryPool(long limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("memory limit must be positive, got " + limitBytes);
    }
    this.limitBytes = limitBytes;
    this.root = new RootAllocator(limitBytes);
  }

  /** A child allocator for one query; the caller closes it when the query ends, on every path. */
  public BufferAllocator newQueryAllocator(String queryName) {
    return root.newChildAllocator(queryName, 0, limitBytes);
  }

  public long limitBytes() {
    return limitBytes;
  }

  public long allocatedBytes() {
    return root.getAllocatedMemory();
  }

  public long peakBytes() {
    return root.getPeakMemoryAllocation();
  }

  /** Describes an allocation failure in terms a user can act on. */
  public static String describe(OutOfMemoryException e, long limitBytes) {
    return "query exceeded memory_limit of " + limitBytes + " bytes (" + e.getMessage()
        + "); raise memory_limit or reduce the data the query holds";
  }

  @Override
  public void close() {
    root.close();
  }
}
