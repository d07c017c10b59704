package io.basalt.engine.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.junit.jupiter.api.Test;

class UnzeroedAllocationTest {
  @Test
  void allocatesRoomWithEverySlotNullAndReleasesItsMemory() {
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int slots : new int[] {1, 2, 63, 64, 65, 100, 32_768}) {
        try (DecimalVector v = new DecimalVector("d", allocator, 15, 2)) {
          v.allocateNew(8); // earlier buffers are released, not leaked
          UnzeroedAllocation.allocate(v, slots);
          assertTrue(v.getValueCapacity() >= slots, "capacity for " + slots);
          for (int i = 0; i < slots; i++) {
            assertTrue(v.isNull(i), "slot " + i + " of " + slots + " starts NULL");
          }
          v.set(slots - 1, new BigDecimal("12.34"));
          v.setValueCount(slots);
          assertEquals(new BigDecimal("12.34"), v.getObject(slots - 1));
          assertEquals(slots - 1, v.getNullCount());
        }
      }
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }

  @Test
  void zeroNullSlotsClearsLeftoverBytesUnderNullsOnly() {
    try (BufferAllocator allocator = new RootAllocator(); IntVector v = new IntVector("i",
        allocator)) {
      int slots = 130; // two full validity words and a partial one
      UnzeroedAllocation.allocate(v, slots);
      ArrowBuf data = v.getDataBuffer();
      data.setOne(0, 4L * slots); // leftover bytes from an earlier use of the memory
      for (int i = 0; i < slots; i += 3) {
        v.set(i, 1000 + i);
      }
      UnzeroedAllocation.zeroNullSlots(v, slots);
      for (int i = 0; i < slots; i++) {
        int expected = i % 3 == 0 ? 1000 + i : 0;
        assertEquals(expected, data.getInt(4L * i), "slot " + i);
      }
      // Slots past the count are not touched.
      UnzeroedAllocation.allocate(v, 200);
      v.getDataBuffer().setOne(0, 800);
      UnzeroedAllocation.zeroNullSlots(v, 10);
      assertEquals(0, v.getDataBuffer().getInt(36));
      assertEquals(-1, v.getDataBuffer().getInt(40));
    }
  }

  @Test
  void bitVectorsAreClearedByArrow() {
    try (BufferAllocator allocator = new RootAllocator(); BitVector v = new BitVector("b",
        allocator)) {
      UnzeroedAllocation.allocate(v, 100);
      for (int i = 0; i < 100; i++) {
        assertTrue(v.isNull(i));
        assertEquals(0, v.getDataBuffer().getByte(i >>> 3));
      }
    }
  }
}
