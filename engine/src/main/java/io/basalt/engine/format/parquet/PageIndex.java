package io.basalt.engine.format.parquet;

import io.basalt.engine.format.parquet.index.PageIndexes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnIndex;
import org.apache.parquet.format.OffsetIndex;
import org.apache.parquet.format.PageLocation;

/**
 * The page index of one column chunk: where each data page starts, its size and first row (offset
 * index) and, when the writer stored one, each page's statistics (column index, may be null).
 */
public record PageIndex(long[] offsets, int[] sizes, long[] firstRows, ColumnIndex columnIndex) {
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
    try {
      OffsetIndex offsetIndex = PageIndexes.readOffsetIndex(channel, chunk);
      if (offsetIndex == null) {
        return null;
      }
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
      return new PageIndex(offsets, sizes, firstRows, PageIndexes.readColumnIndex(channel, chunk));
    } catch (IOException | RuntimeException e) {
      throw new ParquetException(file.path(), "corrupt page index ("
          + e.getMessage() + "); the file may be corrupt — re-write it, or query it after "
          + "removing its page indexes", e);
    }
  }
}
