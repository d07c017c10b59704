package io.basalt.engine.format.parquet.write;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable heap byte buffer with little-endian writers. It is an {@link OutputStream} so that
 * Thrift page headers can be serialized straight into it.
 */
final class ByteArrayBuilder extends OutputStream {
  private byte[] bytes;
  private int size;

  ByteArrayBuilder() {
    this(1024);
  }

  ByteArrayBuilder(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  /** The backing array; only the first {@link #size()} bytes are meaningful. */
  byte[] array() {
    return bytes;
  }

  void reset() {
    size = 0;
  }

  /** Makes room for {@code extra} more bytes without writing them. */
  void ensureCapacity(int extra) {
    long needed = (long) size + extra;
    if (needed > bytes.length) {
      if (needed > Integer.MAX_VALUE - 16) {
        // A single page or column chunk over 2 GiB cannot be described by Parquet's i32 sizes.
        throw new IllegalStateException("buffer would exceed 2 GiB");
      }
      long grown = Math.max(needed, Math.min((long) bytes.length * 2, Integer.MAX_VALUE - 16));
      bytes = Arrays.copyOf(bytes, (int) grown);
    }
  }

  /** Marks {@code count} bytes written directly into {@link #array()} as used. */
  void advance(int count) {
    size += count;
  }

  @Override
  public void write(int b) {
    ensureCapacity(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] source, int offset, int length) {
    ensureCapacity(length);
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
  }

  void writeBytes(byte[] source) {
    write(source, 0, source.length);
  }

  void writeIntLE(int value) {
    ensureCapacity(4);
    putIntLE(size, value);
    size += 4;
  }

  void writeLongLE(long value) {
    ensureCapacity(8);
    for (int i = 0; i < 8; i++) {
      bytes[size + i] = (byte) (value >>> (8 * i));
    }
    size += 8;
  }

  /** Overwrites four bytes already written, used to back-fill length prefixes. */
  void putIntLE(int position, int value) {
    bytes[position] = (byte) value;
    bytes[position + 1] = (byte) (value >>> 8);
    bytes[position + 2] = (byte) (value >>> 16);
    bytes[position + 3] = (byte) (value >>> 24);
  }

  void writeUnsignedVarInt(int value) {
    while ((value & ~0x7F) != 0) {
      write((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    write(value);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
