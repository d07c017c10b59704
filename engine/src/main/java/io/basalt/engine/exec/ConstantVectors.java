package io.basalt.engine.exec;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Builds vectors holding one value (or NULL) in every row: partition columns, missing columns. */
public final class ConstantVectors {
  private ConstantVectors() {}

  /**
   * A vector of {@code field}'s type with {@code rows} copies of {@code value}; null gives an
   * all-NULL vector of any type. Non-null values: Long for BIGINT, Integer epoch days for DATE,
   * String for VARCHAR (the partition column types).
   */
  public static FieldVector filled(Field field, Object value, int rows, BufferAllocator allocator) {
    FieldVector v = field.createVector(allocator);
    try {
      v.setInitialCapacity(Math.max(rows, 1));
      v.allocateNew();
      if (value != null) {
        if (v instanceof BigIntVector b) {
          long x = (Long) value;
          for (int i = 0; i < rows; i++) {
            b.set(i, x);
          }
        } else if (v instanceof DateDayVector d) {
          int x = (Integer) value;
          for (int i = 0; i < rows; i++) {
            d.set(i, x);
          }
        } else if (v instanceof VarCharVector s) {
          byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
          for (int i = 0; i < rows; i++) {
            s.setSafe(i, bytes);
          }
        } else {
          throw new IllegalArgumentException("no constant vector of type " + field.getType());
        }
      }
      v.setValueCount(rows);
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }
}
