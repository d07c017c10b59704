package io.basalt.engine.format.parquet.write;

import io.basalt.engine.format.parquet.index.SplitBlockBloomFilter;
import java.io.IOException;
import java.util.List;
import org.apache.parquet.format.BloomFilterAlgorithm;
import org.apache.parquet.format.BloomFilterCompression;
import org.apache.parquet.format.BloomFilterHash;
import org.apache.parquet.format.BloomFilterHeader;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.SplitBlockAlgorithm;
import org.apache.parquet.format.Uncompressed;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.XxHash;

/**
 * Writes the page indexes and bloom filters of all row groups between the last row group and the
 * footer, and points each {@link ColumnChunk} at them.
 *
 * <p>Layout: per row group, the column indexes of all its columns followed by their offset
 * indexes, so that a reader fetches one row group's indexes with a single read; then every bloom
 * filter (header and bitset), in row group and column order.
 */
final class FileIndexesWriter {
  private FileIndexesWriter() {}

  static void write(PositionedOutputStream out, List<List<WrittenChunk>> rowGroups)
      throws IOException {
    for (List<WrittenChunk> rowGroup : rowGroups) {
      for (WrittenChunk written : rowGroup) {
        if (written.columnIndex() != null) {
          long start = out.position();
          Util.writeColumnIndex(written.columnIndex(), out);
          written.chunk().setColumn_index_offset(start);
          written.chunk().setColumn_index_length(Math.toIntExact(out.position() - start));
        }
      }
      for (WrittenChunk written : rowGroup) {
        if (written.offsetIndex() != null) {
          long start = out.position();
          Util.writeOffsetIndex(written.offsetIndex(), out);
          written.chunk().setOffset_index_offset(start);
          written.chunk().setOffset_index_length(Math.toIntExact(out.position() - start));
        }
      }
    }
    for (List<WrittenChunk> rowGroup : rowGroups) {
      for (WrittenChunk written : rowGroup) {
        if (written.bloomFilter() != null) {
          writeBloomFilter(out, written.chunk(), written.bloomFilter());
        }
      }
    }
  }

  private static void writeBloomFilter(
      PositionedOutputStream out, ColumnChunk chunk, SplitBlockBloomFilter filter)
      throws IOException {
    long start = out.position();
    BloomFilterHeader header = new BloomFilterHeader(
        filter.numBytes(),
        BloomFilterAlgorithm.BLOCK(new SplitBlockAlgorithm()),
        BloomFilterHash.XXHASH(new XxHash()),
        BloomFilterCompression.UNCOMPRESSED(new Uncompressed()));
    Util.writeBloomFilterHeader(header, out);
    byte[] bitset = filter.toBytes();
    out.write(bitset, 0, bitset.length);
    chunk.getMeta_data().setBloom_filter_offset(start);
    chunk.getMeta_data().setBloom_filter_length(Math.toIntExact(out.position() - start));
  }
}
