package io.basalt.engine.memory;

import org.apache.arrow.memory.AllocationReservation;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Bytes an operator holds outside Arrow buffers (hash tables, sort keys, accumulator arrays on the
 * Java heap), booked in the query's allocator so that they share one budget with every Arrow
 * buffer of the query: a reservation that cannot grow means the query is at its memory_limit.
 *
 * <p>The owner keeps the reservation equal to what it holds ({@link #tryResize}); when it cannot
 * grow, a spillable owner writes its state to disk and shrinks, and one that cannot spill fails
 * with {@link #limitExceeded}. Not thread-safe: one owner thread resizes it. Closing releases the
 * bytes; the allocator's leak check reports a reservation never closed.
 */
public final class MemoryReservation implements AutoCloseable {
  private final BufferAllocator allocator;
  private final String consumer;
  private final Listener listener;
  private AllocationReservation booked;
  private long size;
  /** Arrow bytes the owner holds and declares here: counted in the shares, not booked again. */
  private long declared;
  private boolean closed;

  /**
   * Told of every change, so an operator can sum its reservations into one peak; and asked for the
   * most this reservation may hold, so that workers of one operator share the memory fairly.
   */
  public interface Listener {
    void resized(long delta);

    /** The most bytes this reservation may grow to now. */
    default long cap() {
      return Long.MAX_VALUE;
    }

    /** The reservation was closed. */
    default void closed() {}

    /**
     * Asks to add {@code delta} bytes (booked and declared) to what the query's operators hold;
     * false when that would leave less than the streaming reserve. A negative delta always
     * succeeds.
     */
    default boolean admit(long delta) {
      return true;
    }

    /** As {@link #admit(long)}, knowing what the reservation would hold after it. */
    default boolean admit(long delta, long after) {
      return admit(delta);
    }
  }

  /**
   * @param allocator the query's allocator, whose limit is the memory_limit
   * @param consumer who holds the bytes, for error messages ("HashAggregate #3, worker 1")
   * @param listener told of every change, and asked for the most the reservation may hold (may
   *     be null: then only the allocator's limit bounds it)
   */
  public MemoryReservation(BufferAllocator allocator, String consumer, Listener listener) {
    this.allocator = allocator;
    this.consumer = consumer;
    this.listener = listener;
    this.booked = allocator.newReservation();
  }

  /** Bytes booked now. */
  public long size() {
    return size;
  }

  /**
   * Sets the reservation to {@code bytes}: shrinking always succeeds; growing succeeds when the
   * query's allocator has room, else this returns false (having booked at most part of the
   * growth, which {@link #size} shows).
   */
  public boolean tryResize(long bytes) {
    return tryResize(bytes, declared);
  }

  /**
   * As {@link #tryResize(long)}, also declaring {@code arrowBytes} of Arrow buffers the owner
   * holds (which the allocator counts already): they are not booked again, but they count in the
   * owner's share and in what the query's operators hold together, so that operators holding
   * batches and operators holding heap state cannot together take the streaming reserve.
   */
  public boolean tryResize(long bytes, long arrowBytes) {
    if (closed) {
      throw new IllegalStateException(consumer + ": reservation already closed");
    }
    if (bytes < 0 || arrowBytes < 0) {
      throw new IllegalArgumentException("negative reservation " + bytes + "/" + arrowBytes);
    }
    long before = size + declared;
    long after = bytes + arrowBytes;
    if (bytes == size && arrowBytes == declared) {
      return true;
    }
    if (after > before && listener != null
        && (after > listener.cap() || !listener.admit(after - before, after))) {
      return false;
    }
    if (bytes > size) {
      long added = book(booked, bytes - size);
      if (added < bytes - size) {
        // What was booked stays booked until the next resize.
        changed(size + added, arrowBytes, after - before);
        return false;
      }
    } else if (bytes < size) {
      // Arrow reservations only grow: book the smaller size first, then release the larger one,
      // so that another consumer can never take the bytes in between.
      AllocationReservation smaller = allocator.newReservation();
      if (book(smaller, bytes) < bytes) {
        smaller.close();
        booked.close();
        smaller = allocator.newReservation();
        bytes = book(smaller, bytes);
      } else {
        booked.close();
      }
      booked = smaller;
    }
    changed(bytes, arrowBytes, after > before ? after - before : 0);
    return true;
  }

  /**
   * Adds {@code bytes} to {@code r} one power of two at a time (Arrow rounds every addition up to
   * a power of two, so this keeps the booking exact); returns how many bytes it could add.
   */
  private static long book(AllocationReservation r, long bytes) {
    long added = 0;
    long rest = bytes;
    while (rest != 0) {
      long bit = Long.highestOneBit(rest);
      if (!r.add(bit)) {
        break;
      }
      added += bit;
      rest -= bit;
    }
    return added;
  }

  /**
   * Records the new sizes; {@code admitted} is what {@link Listener#admit} accepted for this
   * change (given back when the change ends up smaller).
   */
  private void changed(long bytes, long arrowBytes, long admitted) {
    long delta = bytes + arrowBytes - size - declared;
    size = bytes;
    declared = arrowBytes;
    if (listener != null) {
      if (delta != admitted) {
        listener.admit(delta - admitted); // less than admitted: the rest goes back
      }
      listener.resized(delta);
    }
  }

  /** As {@link #tryResize}, but a failure to grow throws {@link #limitExceeded}. */
  public void resize(long bytes) {
    resize(bytes, declared);
  }

  /** As {@link #tryResize(long, long)}, but a failure to grow throws {@link #limitExceeded}. */
  public void resize(long bytes, long arrowBytes) {
    if (!tryResize(bytes, arrowBytes)) {
      throw limitExceeded(bytes + arrowBytes);
    }
  }

  /** The error for a consumer that needs {@code wanted} bytes and can spill no further. */
  public MemoryLimitExceededException limitExceeded(long wanted) {
    return new MemoryLimitExceededException(consumer, size, wanted,
        allocator.getAllocatedMemory(), allocator.getLimit());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    booked.close();
    if (listener != null) {
      long held = size + declared;
      if (held != 0) {
        listener.admit(-held);
        listener.resized(-held);
      }
      listener.closed();
    }
    size = 0;
    declared = 0;
  }
}
