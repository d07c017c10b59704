package io.basalt.engine.exec.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.basalt.engine.exec.aggregate.Col.BytesCol;
import io.basalt.engine.exec.aggregate.Col.LongCol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Group ids from {@link GroupHashTable} against a map of key tuples, for (integer, string) keys:
 * batches whose keys are all words (short strings, no NULLs) take the inline word comparison,
 * others the per-column comparison, and a table sees both kinds in any order. NULLs against empty
 * strings and zeros, 7- against 8-byte strings, and a table that already holds NULLs or long
 * strings are the cases where comparing words alone would go wrong.
 */
class GroupHashTableTest {
  private static final String[] STRINGS = {"", "A", "N", "R", "AB", "1234567", "1234568",
      "12345678", "12345679", "A\u0000", "long string value", null};
  private static final Long[] LONGS = {0L, 1L, -1L, Long.MIN_VALUE, 42L, null};

  private record Key(Long number, String text) {}

  @Test
  void groupIdsMatchAMapOfKeysWhateverTheBatchesHold() {
    groupIdsMatchAMapOfKeys(false);
  }

  /** Every row hashed alike: each probe compares keys, so only the comparison tells them apart. */
  @Test
  void groupIdsMatchAMapOfKeysWhenEveryHashCollides() {
    groupIdsMatchAMapOfKeys(true);
  }

  private static void groupIdsMatchAMapOfKeys(boolean colliding) {
    Random random = new Random(20261123);
    for (int round = 0; round < 200; round++) {
      GroupHashTable table = new GroupHashTable(
          new ColumnIO.Kind[] {ColumnIO.Kind.LONG, ColumnIO.Kind.BYTES});
      Map<Key, Integer> expected = new HashMap<>();
      int batches = 1 + random.nextInt(6);
      for (int b = 0; b < batches; b++) {
        // Word batches (short strings, no NULLs), batches with long strings but no NULLs, and
        // batches with anything.
        int kind = random.nextInt(3);
        int n = random.nextInt(300);
        List<Key> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Long number = LONGS[random.nextInt(kind < 2 ? LONGS.length - 1 : LONGS.length)];
          String text = STRINGS[random.nextInt(kind == 0 ? 7 : kind == 1 ? STRINGS.length - 1
              : STRINGS.length)];
          rows.add(new Key(number, text));
        }
        int[] ids = insert(table, rows, colliding);
        for (int i = 0; i < n; i++) {
          Key k = rows.get(i);
          Integer id = expected.putIfAbsent(k, expected.size());
          assertEquals(id == null ? expected.size() - 1 : id, ids[i],
              "round " + round + ", batch " + b + ", row " + i + ": " + k);
        }
        assertEquals(expected.size(), table.groupCount());
      }
    }
  }

  @Test
  void partialTablesMergeIntoTheSameGroups() {
    GroupHashTable first = new GroupHashTable(
        new ColumnIO.Kind[] {ColumnIO.Kind.BYTES, ColumnIO.Kind.BYTES});
    GroupHashTable second = new GroupHashTable(
        new ColumnIO.Kind[] {ColumnIO.Kind.BYTES, ColumnIO.Kind.BYTES});
    insert2(first, new String[][] {{"A", "F"}, {"N", "O"}, {"R", "F"}});
    insert2(second, new String[][] {{"N", "O"}, {"A", "O"}, {"A", "F"}, {"", ""}});
    int[] map = first.insertAll(second);
    assertEquals("[1, 3, 0, 4]", Arrays.toString(map));
    assertEquals(5, first.groupCount());
  }

  private static int[] insert2(GroupHashTable table, String[][] rows) {
    String[] a = new String[rows.length];
    String[] b = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      a[i] = rows[i][0];
      b[i] = rows[i][1];
    }
    Col[] batch = {bytes(a), bytes(b)};
    return findOrInsert(table, batch, rows.length, false);
  }

  private static int[] insert(GroupHashTable table, List<Key> rows, boolean colliding) {
    int n = rows.size();
    LongCol numbers = new LongCol(Math.max(n, 1));
    numbers.reset(n);
    String[] texts = new String[n];
    for (int i = 0; i < n; i++) {
      Long v = rows.get(i).number();
      numbers.values[i] = v == null ? 0 : v; // as ColumnIO leaves a NULL: zero behind its flag
      numbers.nulls[i] = v == null;
      numbers.hasNulls |= v == null;
      texts[i] = rows.get(i).text();
    }
    return findOrInsert(table, new Col[] {numbers, bytes(texts)}, n, colliding);
  }

  private static int[] findOrInsert(GroupHashTable table, Col[] batch, int n, boolean colliding) {
    long[] h = new long[n];
    int[] out = new int[n];
    if (colliding) {
      Arrays.fill(h, 0x5DEECE66DL << 20);
    } else {
      GroupHashTable.hash(batch, n, h);
    }
    table.findOrInsert(batch, h, n, out);
    return out;
  }

  /** A string column as ColumnIO.extractBytes leaves a batch: bytes, offsets, packed. */
  private static BytesCol bytes(String[] values) {
    int n = values.length;
    BytesCol c = new BytesCol(Math.max(n, 1));
    c.reset(n);
    int at = 0;
    byte[][] encoded = new byte[n][];
    for (int i = 0; i < n; i++) {
      encoded[i] = values[i] == null ? new byte[0] : values[i].getBytes(StandardCharsets.UTF_8);
      at += encoded[i].length;
    }
    c.ensureData(at + 8L);
    at = 0;
    for (int i = 0; i < n; i++) {
      c.offsets[i] = at;
      System.arraycopy(encoded[i], 0, c.data, at, encoded[i].length);
      at += encoded[i].length;
      c.nulls[i] = values[i] == null;
      c.hasNulls |= values[i] == null;
    }
    c.offsets[n] = at;
    c.packAll(n);
    return c;
  }
}
