package io.basalt.engine.format.parquet;

import io.basalt.engine.format.parquet.decode.BinaryValues;

/**
 * One column's reusable decode buffers (see {@link ReaderBuffers}): plain holders that a {@link
 * ColumnChunkReader} and a {@link ColumnDecoder} take over when they open and store back, possibly
 * grown, when the row group is done.
 */
final class ColumnBuffers {
  /** Bytes of the file read ahead by the chunk reader. */
  byte[] window = new byte[0];
  /** The current decompressed page; only its first {@link Page#length} bytes are the page. */
  byte[] page = new byte[0];

  int[] levels = new int[0];
  int[] rows = new int[0];
  int[] picks = new int[0];
  int[] ints = new int[0];
  long[] longs = new long[0];
  byte[] fixed = new byte[0];
  boolean[] batchValid = new boolean[0];
  BinaryValues binaries = new BinaryValues();
  BinaryValues pickedBinaries = new BinaryValues();
  /** The chunk's dictionary, by physical type (see {@link Dictionary}). */
  int[] dictInts = new int[0];
  long[] dictLongs = new long[0];
  byte[] dictFixed = new byte[0];
  BinaryValues dictBinaries = new BinaryValues();
  /** Only variable-width columns use it; created on first use. */
  BinaryValues batchBinaries;

  /** Heap bytes these buffers hold (array capacities, not what is in use). */
  long retainedBytes() {
    long bytes = window.length + page.length + fixed.length + dictFixed.length + batchValid.length;
    bytes += 4L * (levels.length + rows.length + picks.length + ints.length + dictInts.length);
    bytes += 8L * (longs.length + dictLongs.length);
    bytes += retained(binaries) + retained(pickedBinaries) + retained(dictBinaries)
        + retained(batchBinaries);
    return bytes;
  }

  private static long retained(BinaryValues values) {
    return values == null ? 0 : values.data().length + 4L * values.offsets().length;
  }
}
