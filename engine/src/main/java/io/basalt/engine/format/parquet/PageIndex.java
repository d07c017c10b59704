package io.basalt.engine.format.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnIndex;
import org.apache.parquet.format.OffsetIndex;
import org.apache.parquet.format.PageLocation;
import org.apache.parquet.format.Util;

/**
 * The page index of one column chunk: where each data page starts, its size and first row (offset
 * index) and, when the writer stored one, each page's statistics (column index, may be null).
 */
public record PageIndex(long[] offsets, int[] sizes, long[] firstRows, ColumnIndex columnIndex) {
  /** Largest index accepted; a larger length comes from a corrupt footer. */
  private static final int MAX_INDEX_BYTES = 64 << 20;

  /** Number of data pages. */
  public int pageCount() {
    return offsets.length;
  }

  /**
   * Reads the chunk's offset index and column index; null when the chunk has no offset index.
   *
   * @throws ParquetException naming the file when an index lies outside it or does not parse
   */
  static PageIndex read(ParquetFileMetadata file, FileChannel channel, ColumnChunk chunk)
      throws ParquetException {
    if (!chunk.isSetOffset_index_offset() || !chunk.isSetOffset_index_length()) {
      return null;
    }
    try {
      byte[] offsetBytes = readRange(file, channel, chunk.getOffset_index_offset(),
          chunk.getOffset_index_length());
      OffsetIndex offsetIndex = Util.readOffsetIndex(new ByteArrayInputStream(offsetBytes));
      List<PageLocation> locations = offsetIndex.getPage_locations();
      int n = locations == null ? 0 : locations.size();
      long[] offsets = new long[n];
      int[] sizes = new int[n];
      long[] firstRows = new long[n];
      for (int i = 0; i < n; i++) {
        PageLocation l = locations.get(i);
        offsets[i] = l.getOffset();
        sizes[i] = l.getCompressed_page_size();
        firstRows[i] = l.getFirst_row_index();
      }
      ColumnIndex columnIndex = null;
      if (chunk.isSetColumn_index_offset() && chunk.isSetColumn_index_length()) {
        byte[] indexBytes = readRange(file, channel, chunk.getColumn_index_offset(),
            chunk.getColumn_index_length());
        columnIndex = Util.readColumnIndex(new ByteArrayInputStream(indexBytes));
      }
      return new PageIndex(offsets, sizes, firstRows, columnIndex);
    } catch (ParquetException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ParquetException(file.path(), "corrupt page index ("
          + e.getMessage() + "); the file may be corrupt — re-write it, or query it after "
          + "removing its page indexes", e);
    }
  }

  private static byte[] readRange(ParquetFileMetadata file, FileChannel channel, long offset,
      int length) throws IOException {
    if (offset < 4 || length < 0 || length > MAX_INDEX_BYTES
        || offset + length > file.fileSize() - 8) {
      throw new ParquetException(file.path(), "page index at byte " + offset + " with " + length
          + " bytes lies outside the file's data section; the file may be corrupt");
    }
    byte[] bytes = new byte[length];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long at = offset;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new ParquetException(file.path(), "unexpected end of file in a page index");
      }
      at += n;
    }
    return bytes;
  }
}
