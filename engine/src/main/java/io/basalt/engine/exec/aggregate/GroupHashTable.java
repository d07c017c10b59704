package io.basalt.engine.exec.aggregate;

import io.basalt.engine.exec.aggregate.Col.BytesCol;
import io.basalt.engine.exec.aggregate.Col.LongCol;
import java.util.Arrays;

/**
 * The group table of a hash aggregation: maps group keys to dense group ids (0, 1, 2, ... in order
 * of first appearance). Open addressing with linear probing over a {@code long[]} of slots, load
 * factor at most 1/2; a slot holds the high 32 bits of its group's hash next to the group id + 1
 * (0 = empty), so a probe rejects other groups without touching their keys or hashes — with
 * millions of groups, each of those is a cache miss — and growth re-places slots from the slot
 * alone. Each group's full 64-bit hash is also kept in a {@code long[]} (spilling partitions by
 * its low bits, merges re-insert by it). Keys live column by column in {@link Col}s (typed arrays,
 * a byte arena for strings).
 *
 * <p>Work is per batch: the caller hashes all rows column by column ({@link #hash}), then {@link
 * #findOrInsert} turns the hashes into group ids in one loop — with a specialized loop for the
 * common single 64-bit key. NULL is an ordinary key value (a group of its own). Not thread-safe:
 * each worker builds its own table and the partial tables are merged by re-inserting their groups
 * ({@link #insertAll}).
 */
public final class GroupHashTable {
  private static final int INITIAL_SLOTS = 1024;

  /** The bits of a hash a slot keeps next to its group id. */
  private static final long TAG = 0xFFFFFFFF00000000L;

  private final Col[] keys;
  private long[] hashes;
  private int groups;
  private long[] slots;
  private int mask;
  private int shift;

  /**
   * @param keyKinds the kind of each key column; none for a global aggregation, whose table has
   *     exactly one group (id 0) from the start
   */
  public GroupHashTable(ColumnIO.Kind[] keyKinds) {
    keys = new Col[keyKinds.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = ColumnIO.newCol(keyKinds[i], 16);
    }
    hashes = new long[16];
    slots = new long[INITIAL_SLOTS];
    mask = INITIAL_SLOTS - 1;
    shift = 64 - Integer.numberOfTrailingZeros(INITIAL_SLOTS);
    if (keys.length == 0) {
      groups = 1;
    }
  }

  /** Number of groups. */
  public int groupCount() {
    return groups;
  }

  /** The stored key columns (row g is group g's key). */
  public Col[] keys() {
    return keys;
  }

  /** Bytes of Java heap the table takes: slots, hashes and key columns. */
  public long bytes() {
    long b = 8L * slots.length + 8L * hashes.length;
    for (Col k : keys) {
      b += k.bytes();
    }
    return b;
  }

  /** Hash of group {@code g}. */
  long hashOf(int g) {
    return hashes[g];
  }

  /** Hashes the first {@code n} rows of {@code cols} (same kinds as the keys) into {@code h}. */
  public static void hash(Col[] cols, int n, long[] h) {
    if (cols.length == 0) {
      Arrays.fill(h, 0, n, 0L);
      return;
    }
    for (int c = 0; c < cols.length; c++) {
      cols[c].hashInto(h, n, c == 0);
    }
  }

  /**
   * Finds or inserts the key of each of the first {@code n} rows of {@code batch} (hashes in
   * {@code h}, from {@link #hash}) and writes its group id into {@code out[row]}. A new group's id
   * is the group count before the insertion, so ids at or above a previous {@link #groupCount}
   * were inserted by this call.
   */
  public void findOrInsert(Col[] batch, long[] h, int n, int[] out) {
    if (keys.length == 0) {
      Arrays.fill(out, 0, n, 0);
      return;
    }
    if (keys.length == 1 && keys[0] instanceof LongCol) {
      findOrInsertLong((LongCol) batch[0], h, n, out);
      return;
    }
    long[][] batchWords = wordsOf(batch, n);
    if (batchWords != null) {
      findOrInsertWords(batch, batchWords, h, n, out);
      return;
    }
    for (int i = 0; i < n; i++) {
      long hv = h[i];
      long tag = hv & TAG;
      int s = (int) (hv >>> shift);
      while (true) {
        long e = slots[s];
        if (e == 0) {
          out[i] = insert(batch, i, hv, s);
          break;
        }
        if ((e & TAG) == tag) {
          int g = (int) e - 1;
          if (keysEqual(g, batch, i)) {
            out[i] = g;
            break;
          }
        }
        s = (s + 1) & mask;
      }
    }
  }

  private boolean keysEqual(int g, Col[] batch, int row) {
    for (int c = 0; c < keys.length; c++) {
      if (!keys[c].equalsAt(g, batch[c], row)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Each key column of the first {@code n} batch rows as one exact 64-bit word per row, or null
   * when some column has no such form: integers (and other {@link LongCol} values) as they are,
   * strings of at most 7 bytes {@link BytesCol#pack packed}. NULLs are excluded, in the batch and
   * in the table, because a NULL's word (0) is also a real value's. A stored string longer than 7
   * bytes packs to {@link BytesCol#LONG_VALUE}, which no batch word equals, so comparing words is
   * exact.
   */
  private long[][] wordsOf(Col[] batch, int n) {
    long[][] words = new long[keys.length][];
    for (int c = 0; c < keys.length; c++) {
      Col stored = keys[c];
      Col b = batch[c];
      if (stored.hasNulls || b.hasNulls) {
        return null;
      }
      if (b instanceof LongCol l) {
        words[c] = l.values;
      } else if (b instanceof BytesCol bytes) {
        BytesCol s = (BytesCol) stored;
        if (bytes.packedRows < n || s.packedRows != s.size) {
          return null;
        }
        long[] p = bytes.packed;
        for (int i = 0; i < n; i++) {
          if (p[i] == BytesCol.LONG_VALUE) {
            return null;
          }
        }
        words[c] = p;
      } else {
        return null;
      }
    }
    return words;
  }

  /** The table's words of key column {@code c} (see {@link #wordsOf}); re-read after inserts. */
  private long[] storedWords(int c) {
    return keys[c] instanceof LongCol l ? l.values : ((BytesCol) keys[c]).packed;
  }

  /**
   * {@link #findOrInsert} for keys that are words ({@link #wordsOf}): each candidate group is
   * compared word by word inline, instead of a virtual equality call per key column (TPC-H Q1's
   * two one-letter flags).
   */
  private void findOrInsertWords(Col[] batch, long[][] batchWords, long[] h, int n, int[] out) {
    int k = keys.length;
    long[][] stored = new long[k][];
    for (int c = 0; c < k; c++) {
      stored[c] = storedWords(c);
    }
    for (int i = 0; i < n; i++) {
      long hv = h[i];
      long tag = hv & TAG;
      int s = (int) (hv >>> shift);
      while (true) {
        long e = slots[s];
        if (e == 0) {
          out[i] = insert(batch, i, hv, s);
          for (int c = 0; c < k; c++) { // appending may have grown the arrays
            stored[c] = storedWords(c);
          }
          break;
        }
        if ((e & TAG) == tag) {
          int g = (int) e - 1;
          int c = 0;
          while (c < k && stored[c][g] == batchWords[c][i]) {
            c++;
          }
          if (c == k) {
            out[i] = g;
            break;
          }
        }
        s = (s + 1) & mask;
      }
    }
  }

  /** The single 64-bit key loop: no virtual calls, values compared inline. */
  private void findOrInsertLong(LongCol batch, long[] h, int n, int[] out) {
    LongCol stored = (LongCol) keys[0];
    long[] bv = batch.values;
    boolean batchNulls = batch.hasNulls;
    for (int i = 0; i < n; i++) {
      long hv = h[i];
      long v = bv[i];
      boolean isNull = batchNulls && batch.nulls[i];
      long[] sl = slots;
      long tag = hv & TAG;
      int s = (int) (hv >>> shift);
      while (true) {
        long e = sl[s];
        if (e == 0) {
          out[i] = insert(new Col[] {batch}, i, hv, s);
          break;
        }
        if ((e & TAG) == tag) {
          int g = (int) e - 1;
          if (stored.values[g] == v && stored.isNull(g) == isNull) {
            out[i] = g;
            break;
          }
        }
        s = (s + 1) & mask;
      }
    }
  }

  private int insert(Col[] batch, int row, long hv, int slot) {
    int g = groups;
    for (int c = 0; c < keys.length; c++) {
      keys[c].appendFrom(batch[c], row);
    }
    if (g == hashes.length) {
      hashes = Arrays.copyOf(hashes, Col.grownSize(g, g + 1));
    }
    hashes[g] = hv;
    slots[slot] = (hv & TAG) | (g + 1);
    groups = g + 1;
    if ((long) groups * 2 > slots.length) {
      grow();
    }
    return g;
  }

  private void grow() {
    if (slots.length >= 1 << 30) {
      throw new IllegalStateException("hash aggregation: too many groups (" + groups + ")");
    }
    long[] next = new long[slots.length * 2];
    int nextMask = next.length - 1;
    int nextShift = shift - 1;
    // The slot index is the hash's top bits, at most 31 of them: the tag holds them all.
    for (long e : slots) {
      if (e != 0) {
        int s = (int) (e >>> nextShift);
        while (next[s] != 0) {
          s = (s + 1) & nextMask;
        }
        next[s] = e;
      }
    }
    slots = next;
    mask = nextMask;
    shift = nextShift;
  }

  /**
   * Inserts every group of {@code other} (same key kinds) and returns, for each of its group ids,
   * the id of the same key here: the merge step of partial aggregation.
   */
  public int[] insertAll(GroupHashTable other) {
    int n = other.groups;
    int[] map = new int[n];
    findOrInsert(other.keys, other.hashes, n, map);
    return map;
  }
}
