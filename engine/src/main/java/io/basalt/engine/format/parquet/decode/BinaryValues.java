package io.basalt.engine.format.parquet.decode;

/**
 * A growable batch of variable-length byte strings: value {@code i} is {@code data[offsets[i] ..
 * offsets[i + 1])}. Decoders append to it; {@link #reset} reuses the arrays for the next batch.
 */
public final class BinaryValues {
  private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles
      .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private byte[] data = new byte[1 << 12];
  private int[] offsets = new int[1 << 10];
  private int count;

  /** Appends {@code length} bytes of {@code source} from {@code start}. */
  public void append(byte[] source, int start, int length) {
    ensureCapacity(length);
    int end = offsets[count];
    System.arraycopy(source, start, data, end, length);
    offsets[++count] = end + length;
  }

  /**
   * Appends {@code count} dictionary entries: value {@code indices[from + i]} of the dictionary
   * whose bytes and offsets are given. One capacity check for the whole run, and short values
   * (the usual flags and codes) copied byte by byte rather than through an arraycopy call each.
   */
  public void appendAll(byte[] dictBytes, int[] dictOffsets, int[] indices, int from, int count) {
    long total = 0;
    for (int i = from; i < from + count; i++) {
      int index = indices[i];
      total += dictOffsets[index + 1] - dictOffsets[index];
    }
    reserve(count, total);
    byte[] out = data;
    int[] outOffsets = offsets;
    int n = this.count;
    int end = outOffsets[n];
    for (int i = from; i < from + count; i++) {
      int index = indices[i];
      int start = dictOffsets[index];
      int length = dictOffsets[index + 1] - start;
      if (length <= 16) {
        for (int b = 0; b < length; b++) {
          out[end + b] = dictBytes[start + b];
        }
      } else {
        System.arraycopy(dictBytes, start, out, end, length);
      }
      end += length;
      outOffsets[++n] = end;
    }
    this.count = n;
  }

  /**
   * As {@link #appendAll}, for a dictionary whose entries are all at most 8 bytes long, given as
   * {@code packed[e]} (entry e's bytes, little-endian, zero above) and {@code lengths[e]}: one
   * 8-byte store per value instead of a copy loop (TPC-H's flags and modes). A store's bytes past
   * its value are overwritten by the next value or lie past the end, where nothing is read; the
   * array keeps 8 bytes of room for the last one.
   */
  public void appendAllPacked(long[] packed, int[] lengths, int[] indices, int from, int count) {
    long total = 0;
    for (int i = from; i < from + count; i++) {
      total += lengths[indices[i]];
    }
    reserve(count, total + 8);
    byte[] out = data;
    int[] outOffsets = offsets;
    int n = this.count;
    int end = outOffsets[n];
    for (int i = from; i < from + count; i++) {
      int index = indices[i];
      LONG_LE.set(out, end, packed[index]);
      end += lengths[index];
      outOffsets[++n] = end;
    }
    this.count = n;
  }

  /** Appends a value whose bytes the caller will write into {@link #data()} at the returned offset. */
  public int appendUninitialized(int length) {
    ensureCapacity(length);
    int end = offsets[count];
    offsets[++count] = end + length;
    return end;
  }

  /** Appends {@code n} empty values (the NULL or unselected slots of a batch). */
  public void appendEmpty(int n) {
    if (count + n + 1 > offsets.length) {
      offsets = java.util.Arrays.copyOf(offsets, Math.max(offsets.length * 2, count + n + 1));
    }
    int end = offsets[count];
    java.util.Arrays.fill(offsets, count + 1, count + n + 1, end);
    count += n;
  }

  /** Room for {@code values} more values holding {@code bytes} more bytes, grown by doubling. */
  private void reserve(int values, long bytes) {
    if (count + values + 1 > offsets.length) {
      offsets = java.util.Arrays.copyOf(offsets, Math.max(offsets.length * 2, count + values + 1));
    }
    long needed = (long) offsets[count] + bytes;
    if (needed > data.length) {
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("a batch of strings exceeds 2 GiB");
      }
      data = java.util.Arrays.copyOf(data,
          (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16, data.length * 2L)));
    }
  }

  private void ensureCapacity(int length) {
    reserve(1, length);
  }

  public void reset() {
    count = 0;
  }

  public int count() {
    return count;
  }

  public byte[] data() {
    return data;
  }

  /** {@code count() + 1} offsets; {@code offsets()[0] == 0}. */
  public int[] offsets() {
    return offsets;
  }

  public int length(int i) {
    return offsets[i + 1] - offsets[i];
  }
}
