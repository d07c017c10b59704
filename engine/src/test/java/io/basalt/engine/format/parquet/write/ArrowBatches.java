package io.basalt.engine.format.parquet.write;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Test helper: writes a file whose columns are given as functions from row number to value (null
 * for SQL NULL), in batches of 1 000 rows.
 */
final class ArrowBatches {
  private ArrowBatches() {}

  /** A column: name, Arrow type, and the value of each row. */
  record Column(String name, ArrowType type, boolean nullable, IntFunction<Object> values) {
    Field field() {
      return new Field(name, nullable ? FieldType.nullable(type) : FieldType.notNullable(type),
          null);
    }
  }

  static void write(Path file, List<Column> columns, int rows, ParquetWriteOptions options,
      BufferAllocator allocator) throws Exception {
    Schema schema = new Schema(columns.stream().map(Column::field).toList());
    try (ParquetFileWriter writer = new ParquetFileWriter(file, schema, options);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
      for (int start = 0; start < rows; start += 1000) {
        int size = Math.min(1000, rows - start);
        batch.allocateNew();
        for (int c = 0; c < columns.size(); c++) {
          FieldVector vector = batch.getVector(c);
          for (int i = 0; i < size; i++) {
            Object value = columns.get(c).values().apply(start + i);
            if (value == null) {
              vector.setNull(i);
            } else {
              set(vector, i, value);
            }
          }
        }
        batch.setRowCount(size);
        writer.write(batch);
      }
    }
  }

  private static void set(FieldVector vector, int i, Object value) {
    if (vector instanceof IntVector v) {
      v.setSafe(i, (Integer) value);
    } else if (vector instanceof BigIntVector v) {
      v.setSafe(i, (Long) value);
    } else if (vector instanceof Float4Vector v) {
      v.setSafe(i, (Float) value);
    } else if (vector instanceof Float8Vector v) {
      v.setSafe(i, (Double) value);
    } else if (vector instanceof DecimalVector v) {
      v.setSafe(i, (BigDecimal) value);
    } else if (vector instanceof DateDayVector v) {
      v.setSafe(i, (Integer) value);
    } else if (vector instanceof TimeStampVector v) {
      v.setSafe(i, (Long) value);
    } else if (vector instanceof VarCharVector v) {
      v.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof VarBinaryVector v) {
      v.setSafe(i, (byte[]) value);
    } else if (vector instanceof FixedSizeBinaryVector v) {
      v.setSafe(i, (byte[]) value);
    } else if (vector instanceof BitVector v) {
      v.setSafe(i, (Boolean) value ? 1 : 0);
    } else {
      throw new IllegalArgumentException("no setter for " + vector.getClass());
    }
  }
}
