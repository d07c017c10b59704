package io.basalt.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Reservations share the query allocator's limit with Arrow buffers, keep room for batches in
 * flight, split an operator's memory fairly between its workers, and name the operator when the
 * limit is hit.
 */
class MemoryReservationTest {
  private static final long MB = 1 << 20;

  @Test
  void reservationsAndArrowBuffersShareOneLimit() {
    try (BufferAllocator a = new RootAllocator(8 * MB)) {
      OperatorMemory op = new OperatorMemory(a, "HashAggregate #3", 0);
      try (MemoryReservation r = op.newReservation("worker 1")) {
        assertTrue(r.tryResize(6 * MB));
        assertEquals(6 * MB, a.getAllocatedMemory());
        assertThrows(OutOfMemoryException.class, () -> a.buffer(3 * MB).close());
        assertTrue(r.tryResize(MB)); // shrinking gives the bytes back
        assertEquals(MB, a.getAllocatedMemory());
        try (ArrowBuf b = a.buffer(4 * MB)) {
          assertFalse(r.tryResize(5 * MB), "the buffer holds the memory");
          assertEquals(MB, r.size());
        }
        assertEquals(6 * MB, op.peak());
      }
      assertEquals(0, a.getAllocatedMemory());
      assertEquals(0, op.reserved());
    }
  }

  @Test
  void anEighthStaysFreeForBatchesInFlight() {
    try (BufferAllocator a = new RootAllocator(8 * MB);
        MemoryReservation r = new OperatorMemory(a, "Sort #1", 0).newReservation("worker 1")) {
      assertTrue(r.tryResize(7 * MB));
      assertFalse(r.tryResize(7 * MB + 1));
    }
  }

  @Test
  void workersOfOneOperatorGetEqualShares() {
    try (BufferAllocator a = new RootAllocator(8 * MB)) {
      OperatorMemory op = new OperatorMemory(a, "HashAggregate #3", 0);
      MemoryReservation w1 = op.newReservation("worker 1");
      MemoryReservation w2 = op.newReservation("worker 2");
      assertFalse(w1.tryResize(4 * MB), "a worker takes at most half of 7 MB");
      assertTrue(w1.tryResize(3 * MB));
      assertTrue(w2.tryResize(3 * MB));
      w2.close();
      assertTrue(w1.tryResize(6 * MB), "alone, it may take all of it");
      w1.close();
      assertEquals(0, a.getAllocatedMemory());
    }
  }

  @Test
  void theErrorNamesTheOperatorWhatItHeldAndTheLimit() {
    try (BufferAllocator a = new RootAllocator(8 * MB);
        MemoryReservation r = new OperatorMemory(a, "HashAggregate #3", 0).newReservation("worker 2")) {
      r.resize(2 * MB);
      MemoryLimitExceededException e =
          assertThrows(MemoryLimitExceededException.class, () -> r.resize(9 * MB));
      assertTrue(e.getMessage().contains("memory_limit of 8.0 MB"), e.getMessage());
      assertTrue(e.getMessage().contains("HashAggregate #3 (worker 2) holds 2.0 MB"),
          e.getMessage());
      assertTrue(e.getMessage().contains("needed 9.0 MB"), e.getMessage());
      assertEquals(2 * MB, r.size());
    }
  }
}
