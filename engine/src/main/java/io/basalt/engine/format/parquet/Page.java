package io.basalt.engine.format.parquet;

import org.apache.parquet.format.Encoding;

/**
 * One decompressed page of a column chunk. For data pages {@link #data} holds the levels followed
 * by the values, in the layout of the page version: v1 levels carry 4-byte length prefixes, v2
 * levels are prefix-free with their lengths in {@link #repetitionLevelsLength} and {@link
 * #definitionLevelsLength}.
 */
final class Page {
  enum Kind { DICTIONARY, DATA_V1, DATA_V2 }

  final Kind kind;
  /** Holds the page in its first {@link #length} bytes; may be longer (a reused buffer). */
  final byte[] data;
  final int length;
  /** Values in the page, nulls included (dictionary pages: dictionary entries). */
  final int valueCount;
  final Encoding valueEncoding;
  final Encoding definitionLevelEncoding;
  final int repetitionLevelsLength;
  final int definitionLevelsLength;

  Page(Kind kind, byte[] data, int length, int valueCount, Encoding valueEncoding,
      Encoding definitionLevelEncoding, int repetitionLevelsLength, int definitionLevelsLength) {
    this.kind = kind;
    this.data = data;
    this.length = length;
    this.valueCount = valueCount;
    this.valueEncoding = valueEncoding;
    this.definitionLevelEncoding = definitionLevelEncoding;
    this.repetitionLevelsLength = repetitionLevelsLength;
    this.definitionLevelsLength = definitionLevelsLength;
  }
}
