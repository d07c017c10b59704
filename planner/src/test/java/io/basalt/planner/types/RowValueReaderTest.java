package io.basalt.planner.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.junit.jupiter.api.Test;

/** Decimal values read for the row layer, on the long fast path and the wide path. */
class RowValueReaderTest {
  @Test
  void decimalsOfEveryWidthAndSign() {
    String[] values = {"0.000", "-0.001", "123456789.123", "-999999999.999", "1.500"};
    for (int precision : new int[] {12, 18, 38}) {
      try (BufferAllocator allocator = new RootAllocator();
          DecimalVector v = new DecimalVector("d", allocator, precision, 3)) {
        v.allocateNew(values.length + 1);
        for (int i = 0; i < values.length; i++) {
          v.set(i, new BigDecimal(values[i]));
        }
        v.setNull(values.length);
        v.setValueCount(values.length + 1);
        RowValueReader reader = RowValueReader.forVector(v);
        for (int i = 0; i < values.length; i++) {
          assertEquals(new BigDecimal(values[i]), reader.read(i), "precision " + precision);
        }
        assertNull(reader.read(values.length));
      }
    }
    try (BufferAllocator allocator = new RootAllocator();
        DecimalVector v = new DecimalVector("d", allocator, 18, 0)) {
      v.allocateNew(2);
      v.set(0, new BigDecimal("999999999999999999"));
      v.set(1, new BigDecimal("-999999999999999999"));
      v.setValueCount(2);
      RowValueReader reader = RowValueReader.forVector(v);
      assertEquals(new BigDecimal("999999999999999999"), reader.read(0));
      assertEquals(new BigDecimal("-999999999999999999"), reader.read(1));
    }
  }
}
