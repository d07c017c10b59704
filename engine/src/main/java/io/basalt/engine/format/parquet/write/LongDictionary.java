package io.basalt.engine.format.parquet.write;

import java.util.Arrays;

/**
 * Maps 64-bit values to dense dictionary indices in insertion order, without boxing. Open
 * addressing with linear probing; the table is kept at most half full.
 */
final class LongDictionary {
  private long[] values = new long[256];
  private int[] slots = new int[512]; // index + 1, 0 = empty
  private int size;

  int size() {
    return size;
  }

  long get(int index) {
    return values[index];
  }

  /** The index of {@code value}, or -1 if it is not in the dictionary. */
  int indexOf(long value) {
    int mask = slots.length - 1;
    for (int slot = hash(value) & mask; ; slot = (slot + 1) & mask) {
      int entry = slots[slot];
      if (entry == 0) {
        return -1;
      }
      if (values[entry - 1] == value) {
        return entry - 1;
      }
    }
  }

  /** Adds a value known to be absent and returns its index. */
  int add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    if ((size + 1) * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    values[size] = value;
    insertSlot(value, size);
    return size++;
  }

  void clear() {
    Arrays.fill(slots, 0);
    size = 0;
  }

  private void rehash(int capacity) {
    slots = new int[capacity];
    for (int i = 0; i < size; i++) {
      insertSlot(values[i], i);
    }
  }

  private void insertSlot(long value, int index) {
    int mask = slots.length - 1;
    int slot = hash(value) & mask;
    while (slots[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    slots[slot] = index + 1;
  }

  /** MurmurHash3's finalizer: sequential keys must not cluster in a linear-probing table. */
  private static int hash(long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
