package io.basalt.engine.pushdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The runtime filter's set of build keys and its chunk test. */
class KeySetTest {
  /** The set of the kept values, as a runtime filter builds it, with no cap on hashing. */
  private static ScanPredicate.LongSet keptValues(long[] values, boolean[] keep, int count) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      if (keep[i]) {
        min = Math.min(min, values[i]);
        max = Math.max(max, values[i]);
      }
    }
    return ScanPredicate.LongSet.of(values, keep, count, min, max, Integer.MAX_VALUE);
  }

  @Test
  void hashSetHoldsExactlyTheKeptValues() {
    Random rnd = new Random(5);
    int n = 20_000;
    long[] values = new long[n];
    boolean[] keep = new boolean[n];
    Set<Long> expected = new HashSet<>();
    for (int i = 0; i < n; i++) {
      // Duplicates, zero (the empty-slot marker), negatives and the extremes.
      values[i] = switch (i % 7) {
        case 0 -> 0;
        case 1 -> Long.MIN_VALUE;
        case 2 -> Long.MAX_VALUE;
        default -> rnd.nextInt(5000) - 2500;
      };
      keep[i] = i % 11 != 3;
      if (keep[i]) {
        expected.add(values[i]);
      }
    }
    ScanPredicate.LongSet set = keptValues(values, keep, n);
    assertEquals(expected.size(), set.size());
    for (long v = -3000; v <= 3000; v++) {
      assertEquals(expected.contains(v), set.contains(v), "value " + v);
    }
    assertTrue(set.contains(Long.MIN_VALUE));
    assertTrue(set.contains(Long.MAX_VALUE));
  }

  @Test
  void denseKeysTakeABitmapAndAnswerLikeTheHashTable() {
    Random rnd = new Random(9);
    int n = 50_000;
    long[] values = new long[n];
    boolean[] keep = new boolean[n];
    Set<Long> expected = new HashSet<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      values[i] = -700 + rnd.nextInt(400_000); // dense: about one key in eight, negatives too
      keep[i] = i % 13 != 5;
      if (keep[i]) {
        expected.add(values[i]);
        min = Math.min(min, values[i]);
        max = Math.max(max, values[i]);
      }
    }
    ScanPredicate.LongSet bitmap = ScanPredicate.LongSet.of(values, keep, n, min, max, 0);
    assertTrue(bitmap != null && bitmap.bitmap() != null, "dense keys get a bitmap");
    assertEquals(min, bitmap.bitmapBase());
    assertEquals(expected.size(), bitmap.size());
    for (long v = min - 70; v <= max + 70; v++) {
      assertEquals(expected.contains(v), bitmap.contains(v), "value " + v);
    }
    assertFalse(bitmap.contains(Long.MIN_VALUE));
    assertFalse(bitmap.contains(Long.MAX_VALUE));
  }

  @Test
  void sparseKeysAreHashedOrDroppedWhenTooMany() {
    long[] values = {1, 1_000_000_000L, 5_000_000_000L};
    boolean[] keep = {true, true, true};
    ScanPredicate.LongSet hashed = ScanPredicate.LongSet.of(values, keep, 3, 1, 5_000_000_000L, 3);
    assertTrue(hashed != null && hashed.bitmap() == null, "a sparse set is hashed");
    assertTrue(hashed.contains(1_000_000_000L));
    assertFalse(hashed.contains(2));
    assertEquals(null, ScanPredicate.LongSet.of(values, keep, 3, 1, 5_000_000_000L, 2),
        "more keys than may be hashed, and too sparse for a bitmap: bounds only");
  }

  @Test
  void zeroOnlyWhenKept() {
    ScanPredicate.LongSet set = keptValues(new long[] {0, 7}, new boolean[]
        {false, true}, 2);
    assertFalse(set.contains(0));
    assertTrue(set.contains(7));
    assertEquals(1, set.size());
  }

  @Test
  void chunkTestUsesBoundsAndTheSetForSingleValues() {
    ScanPredicate.LongSet set = keptValues(new long[] {10, 20, 30},
        new boolean[] {true, true, true}, 3);
    ScanPredicate.KeySet k = new ScanPredicate.KeySet(0, ValueDomain.EXACT, 10, 30, 3, set);
    assertFalse(k.anyWithin(31, 100), "above the range");
    assertFalse(k.anyWithin(-5, 9), "below the range");
    assertTrue(k.anyWithin(25, 40), "overlapping bounds may hold a key");
    assertTrue(k.anyWithin(20, 20), "a single value in the set");
    assertFalse(k.anyWithin(21, 21), "a single value between the keys");
    ScanPredicate.KeySet boundsOnly = new ScanPredicate.KeySet(0, ValueDomain.EXACT, 10, 30, 3,
        null);
    assertTrue(boundsOnly.anyWithin(21, 21), "without a set only the bounds decide");
    assertThrows(IllegalArgumentException.class,
        () -> new ScanPredicate.KeySet(0, ValueDomain.EXACT, 5, 4, 1, null));
  }
}
