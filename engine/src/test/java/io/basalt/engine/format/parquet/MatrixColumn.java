package io.basalt.engine.format.parquet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.schema.Type;

/**
 * One column of the encoding matrix: its Parquet type, the Arrow type Basalt must map it to, and its
 * values. Each row's value is generated once, deterministically, as a pair of what parquet-java is
 * given and what the Arrow vector must hold (normalised as in {@link MatrixArrow}).
 */
record MatrixColumn(String name, Type parquetType, ArrowType arrowType, double nullRate,
    MatrixColumn.Generator generator) {

  /** Makes the value of one row; most columns ignore the row number. */
  interface Generator {
    Sample next(Random random, int row);
  }

  /** {@code written}: Integer, Long, Float, Double, Boolean, String or Binary for the Group API. */
  record Sample(Object written, Object expected) {}

  /** The column's values for {@code rows} rows; null entries are nulls. Same seed, same values. */
  List<Sample> samples(int rows) {
    Random random = new Random(name.hashCode());
    List<Sample> samples = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      samples.add(random.nextDouble() < nullRate ? null : generator.next(random, i));
    }
    return samples;
  }

  boolean required() {
    return parquetType.getRepetition() == Type.Repetition.REQUIRED;
  }

  @Override
  public String toString() {
    return name;
  }
}
