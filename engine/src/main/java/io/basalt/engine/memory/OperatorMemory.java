package io.basalt.engine.memory;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The memory reservations of one operator in one query (one per worker, plus those of its output
 * phase), summed so that EXPLAIN ANALYZE can show the operator's peak. Thread-safe: workers create
 * and resize their own reservations concurrently.
 */
public final class OperatorMemory {
  private final BufferAllocator allocator;
  private final String operator;
  private final AtomicLong current = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  /** What this operator's reservations share: the limit less the streaming reserve. */
  private final long shareable;
  /** What the reservations of every operator of this query hold (booked and declared). */
  private final AtomicLong queryHeld;
  private final long floor;

  /** Per query allocator: what all its operators' reservations hold together. */
  private static final java.util.Map<BufferAllocator, AtomicLong> HELD =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /**
   * @param allocator the query's allocator
   * @param operator the operator's name in error messages, e.g. "HashAggregate #4"
   * @param threads the query's workers, each of which has batches in flight
   */
  public OperatorMemory(BufferAllocator allocator, String operator, int threads) {
    this.allocator = allocator;
    this.operator = operator;
    long limit = allocator.getLimit();
    this.shareable = limit == Long.MAX_VALUE ? Long.MAX_VALUE
        : limit - streamingReserve(limit, threads);
    this.queryHeld = HELD.computeIfAbsent(allocator, a -> new AtomicLong());
    // What any reservation may hold even when the query's total is taken (by a join's build side,
    // say): enough for an operator to work after spilling, out of the streaming reserve's slack.
    this.floor = shareable == Long.MAX_VALUE ? Long.MAX_VALUE : shareable / 8;
  }

  /**
   * Bytes of the memory limit that operator state never takes, left to the batches in flight
   * between operators (scans decoding, batches queued between workers), which cannot spill: an
   * eighth of the limit, or 16 MB per worker when that is more, up to half the limit. (A worker
   * holds about two 64K-row batches at once — one being decoded, one being consumed — and a batch
   * of five columns with a string and a wide decimal is about 5 MB after Arrow's rounding.)
   */
  public static long streamingReserve(long limit, int threads) {
    if (limit == Long.MAX_VALUE) {
      return 0;
    }
    return Math.max(limit / 8, Math.min(limit / 2, threads * (16L << 20)));
  }

  /**
   * A new empty reservation of this operator for state it can spill; {@code role} says which part
   * holds it. It grows to at most an equal share, among the operator's open reservations, of the
   * limit less the {@link #streamingReserve} — so batches in flight keep their room, and one worker
   * cannot take the memory another needs to start over after spilling.
   */
  public MemoryReservation newReservation(String role) {
    open.incrementAndGet();
    return new MemoryReservation(allocator, operator + " (" + role + ")",
        new MemoryReservation.Listener() {
          @Override
          public void resized(long delta) {
            long now = current.addAndGet(delta);
            peak.accumulateAndGet(now, Math::max);
          }

          @Override
          public long cap() {
            return share();
          }

          @Override
          public void closed() {
            open.decrementAndGet();
          }

          @Override
          public boolean admit(long delta, long after) {
            if (after <= floor) {
              queryHeld.addAndGet(delta); // a minimal working set is never refused
              return true;
            }
            return admit(delta);
          }

          @Override
          public boolean admit(long delta) {
            if (shareable == Long.MAX_VALUE) {
              return true;
            }
            long now = queryHeld.addAndGet(delta);
            if (delta > 0 && now > shareable) {
              queryHeld.addAndGet(-delta);
              return false;
            }
            return true;
          }
        });
  }

  /**
   * The most one reservation of this operator may hold now: an equal share of the limit less the
   * streaming reserve ({@code Long.MAX_VALUE} without a limit). An operator whose state is partly
   * Arrow buffers (already counted by the allocator) checks that state against this share too.
   */
  public long share() {
    return shareable == Long.MAX_VALUE ? Long.MAX_VALUE : shareable / Math.max(1, open.get());
  }

  /** What all of this operator's reservations may hold together: the limit less the reserve. */
  public long shareable() {
    return shareable;
  }

  /** Bytes all of this operator's reservations hold now. */
  public long reserved() {
    return current.get();
  }

  /** The most bytes this operator's reservations held at once. */
  public long peak() {
    return peak.get();
  }
}
