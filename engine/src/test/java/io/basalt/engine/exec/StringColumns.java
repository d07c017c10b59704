package io.basalt.engine.exec;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.arrow.vector.VarCharVector;

/** Test columns for the scan's string filters: random picks from a value list, some NULL. */
final class StringColumns {
  private StringColumns() {}

  /**
   * Fills {@code v} with {@code rows} values drawn from {@code values}, NULL at every row {@code
   * i} with {@code i % nullEvery == nullAt} when {@code withNulls}; returns them (null for NULL).
   */
  static String[] fill(VarCharVector v, String[] values, int rows, Random random,
      boolean withNulls, int nullEvery, int nullAt) {
    String[] column = new String[rows];
    v.allocateNew();
    for (int i = 0; i < rows; i++) {
      column[i] = withNulls && i % nullEvery == nullAt ? null
          : values[random.nextInt(values.length)];
      if (column[i] == null) {
        v.setNull(i);
      } else {
        v.setSafe(i, column[i].getBytes(StandardCharsets.UTF_8));
      }
    }
    v.setValueCount(rows);
    return column;
  }
}
