package io.basalt.engine.exec.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.basalt.engine.exec.aggregate.Col.BytesCol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * String keys of at most 7 bytes hash and compare through their packed form: the hashes equal the
 * byte hash, and equality agrees with byte equality for every pair of short, long, empty and NULL
 * values, whether each side is packed (a bulk-loaded batch, an appended key column) or not.
 */
class BytesColTest {
  private static final String[] VALUES = {"", "A", "N", "AB", "BA", "1234567", "12345678",
      "123456789", "A\u0000", "\u0000A", "é", "abcdefgh-long-key", "abcdefgh-long-kez", null};

  private static BytesCol appended(boolean packed) {
    BytesCol c = new BytesCol(2);
    for (String v : VALUES) {
      byte[] b = v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8);
      c.append(b, 0, b.length, v == null);
    }
    if (!packed) {
      c.packedRows = 0; // as after a load that did not pack
    }
    return c;
  }

  private static BytesCol bulk() {
    // As ColumnIO.extractBytes leaves a batch: offsets and bytes loaded, then packed.
    BytesCol c = new BytesCol(VALUES.length);
    c.reset(VALUES.length);
    int at = 0;
    List<Byte> bytes = new ArrayList<>();
    for (int i = 0; i < VALUES.length; i++) {
      c.offsets[i] = at;
      byte[] b = VALUES[i] == null ? new byte[0] : VALUES[i].getBytes(StandardCharsets.UTF_8);
      for (byte x : b) {
        bytes.add(x);
      }
      at += b.length;
      c.nulls[i] = VALUES[i] == null;
      c.hasNulls |= VALUES[i] == null;
    }
    c.offsets[VALUES.length] = at;
    c.ensureData(at);
    for (int i = 0; i < at; i++) {
      c.data[i] = bytes.get(i);
    }
    c.packAll(VALUES.length);
    return c;
  }

  @Test
  void packedHashesEqualByteHashes() {
    for (BytesCol c : new BytesCol[] {appended(true), appended(false), bulk()}) {
      long[] h = new long[VALUES.length];
      c.hashInto(h, VALUES.length, true);
      for (int i = 0; i < VALUES.length; i++) {
        long expected = VALUES[i] == null ? Col.NULL_HASH
            : BytesCol.hashBytes(c.data, c.offsets[i], c.offsets[i + 1]);
        assertEquals(expected, h[i], "value " + VALUES[i]);
      }
    }
  }

  @Test
  void equalityAgreesWithTheBytesForEveryPair() {
    BytesCol[] cols = {appended(true), appended(false), bulk()};
    for (BytesCol stored : cols) {
      for (BytesCol batch : cols) {
        for (int g = 0; g < VALUES.length; g++) {
          for (int r = 0; r < VALUES.length; r++) {
            boolean expected = java.util.Objects.equals(VALUES[g], VALUES[r]);
            assertEquals(expected, stored.equalsAt(g, batch, r), VALUES[g] + " vs " + VALUES[r]);
          }
        }
      }
    }
  }

  @Test
  void bulkPackingEqualsPackEvenAtTheArenasEnd() {
    // packAll reads 8 bytes at a time where the arena has room after a value, else byte by byte:
    // an arena cut right after the last value makes the last values take the byte-by-byte path.
    BytesCol roomy = bulk();
    BytesCol tight = bulk();
    tight.data = java.util.Arrays.copyOf(tight.data, tight.offsets[VALUES.length]);
    tight.packAll(VALUES.length);
    for (BytesCol c : new BytesCol[] {roomy, tight}) {
      for (int i = 0; i < VALUES.length; i++) {
        long expected = VALUES[i] == null ? BytesCol.pack(c.data, 0, 0)
            : BytesCol.pack(c.data, c.offsets[i], c.offsets[i + 1] - c.offsets[i]);
        assertEquals(expected, c.packed[i], "value " + VALUES[i]);
      }
    }
  }
}
