package io.basalt.engine.format.parquet.decode;

/**
 * A growable batch of variable-length byte strings: value {@code i} is {@code data[offsets[i] ..
 * offsets[i + 1])}. Decoders append to it; {@link #reset} reuses the arrays for the next batch.
 */
public final class BinaryValues {
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

  /** Appends a value whose bytes the caller will write into {@link #data()} at the returned offset. */
  public int appendUninitialized(int length) {
    ensureCapacity(length);
    int end = offsets[count];
    offsets[++count] = end + length;
    return end;
  }

  private void ensureCapacity(int length) {
    if (count + 2 > offsets.length) {
      offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
    }
    long needed = (long) offsets[count] + length;
    if (needed > data.length) {
      if (needed > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("a batch of strings exceeds 2 GiB");
      }
      data = java.util.Arrays.copyOf(data, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16, data.length * 2L)));
    }
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
