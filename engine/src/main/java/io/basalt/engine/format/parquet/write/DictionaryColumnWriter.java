package io.basalt.engine.format.parquet.write;

import java.util.Arrays;
import org.apache.parquet.format.Encoding;

/**
 * The page values of a column chunk that starts dictionary-encoded and falls back to PLAIN for the
 * rest of the chunk once the dictionary is full. Subclasses own the dictionary itself (lookup and
 * entries) and know how to write one entry in PLAIN form; this class owns the current page's
 * indices or PLAIN bytes and the switch between the two.
 */
abstract class DictionaryColumnWriter extends ColumnChunkWriter {
  /** The current page's PLAIN-encoded values (after a fallback, or with dictionaries off). */
  protected final ByteArrayBuilder plainValues = new ByteArrayBuilder(64 * 1024);
  private int[] indices = new int[1024];
  private int indexCount;
  private boolean dictionaryMode;

  DictionaryColumnWriter(LeafColumn column, ParquetWriteOptions options) {
    super(column, options);
    this.dictionaryMode = options.dictionary();
  }

  /** Number of entries in the chunk's dictionary. */
  abstract int dictionarySize();

  /** Writes dictionary entry {@code index} PLAIN-encoded to {@code out}. */
  abstract void writeEntryPlain(ByteArrayBuilder out, int index);

  /** True while values are still added as dictionary indices. */
  final boolean dictionaryMode() {
    return dictionaryMode;
  }

  /** Adds the dictionary index of the next value of the current page. */
  final void addIndex(int index) {
    if (indexCount == indices.length) {
      indices = Arrays.copyOf(indices, indexCount * 2);
    }
    indices[indexCount++] = index;
  }

  /**
   * The dictionary is full: earlier pages keep their indices, the current page is re-encoded
   * PLAIN and so is the rest of the chunk.
   */
  final void fallBackToPlain() {
    for (int i = 0; i < indexCount; i++) {
      writeEntryPlain(plainValues, indices[i]);
    }
    indexCount = 0;
    dictionaryMode = false;
  }

  @Override
  final long bufferedValueBytes() {
    if (dictionaryMode) {
      return (long) indexCount * RleBitPackedEncoder.bitWidth(dictionarySize()) / 8;
    }
    return plainValues.size();
  }

  @Override
  final Encoding writePageValues(ByteArrayBuilder out) {
    if (dictionaryMode) {
      int bitWidth = RleBitPackedEncoder.bitWidth(Math.max(0, dictionarySize() - 1));
      out.write(bitWidth);
      RleBitPackedEncoder.encode(indices, indexCount, bitWidth, out);
      indexCount = 0;
      return Encoding.RLE_DICTIONARY;
    }
    out.write(plainValues.array(), 0, plainValues.size());
    plainValues.reset();
    return Encoding.PLAIN;
  }

  @Override
  final int writeDictionaryValues(ByteArrayBuilder out) {
    int size = dictionarySize();
    for (int i = 0; i < size; i++) {
      writeEntryPlain(out, i);
    }
    return size;
  }

  /** Forgets the page state and re-enables the dictionary; subclasses call it from resetChunk. */
  final void resetPages() {
    indexCount = 0;
    plainValues.reset();
    dictionaryMode = options.dictionary();
  }
}
