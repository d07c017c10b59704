package io.basalt.engine.format.parquet.write;

import org.apache.parquet.format.CompressionCodec;

/** Page compression codecs the writer can produce. */
public enum ParquetCodec {
  UNCOMPRESSED(CompressionCodec.UNCOMPRESSED),
  SNAPPY(CompressionCodec.SNAPPY),
  ZSTD(CompressionCodec.ZSTD),
  GZIP(CompressionCodec.GZIP);

  private final CompressionCodec thrift;

  ParquetCodec(CompressionCodec thrift) {
    this.thrift = thrift;
  }

  /** The codec as it is recorded in the column chunk metadata. */
  CompressionCodec thrift() {
    return thrift;
  }
}
