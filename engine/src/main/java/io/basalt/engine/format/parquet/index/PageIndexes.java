package io.basalt.engine.format.parquet.index;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnIndex;
import org.apache.parquet.format.OffsetIndex;
import org.apache.parquet.format.PageLocation;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Reads the page indexes of column chunks: the {@link ColumnIndex} (per-page min/max, null pages,
 * null counts, boundary order) and the {@link OffsetIndex} (per-page file offset, size and first
 * row). Both are optional in Parquet; absent ones read as null. Offsets and lengths are checked
 * against the file size and the parsed lists against each other before anything is returned, so
 * that a pruning caller can trust list sizes and page offsets.
 *
 * <p>All reads are positional; the channel's position is untouched and a channel may be shared.
 */
public final class PageIndexes {
  /**
   * A row group's column and offset indexes are read with one I/O when the gaps between them add
   * up to at most this many bytes; our writer puts them back to back.
   */
  static final long MAX_COALESCED_GAP_BYTES = 64 * 1024;

  private PageIndexes() {}

  /** The column and offset indexes of every column of one row group, in column order. */
  public record RowGroupIndexes(List<ColumnIndex> columnIndexes, List<OffsetIndex> offsetIndexes) {
    /** Entries are null for columns without that index. */
    public RowGroupIndexes {
      columnIndexes = java.util.Collections.unmodifiableList(new ArrayList<>(columnIndexes));
      offsetIndexes = java.util.Collections.unmodifiableList(new ArrayList<>(offsetIndexes));
    }
  }

  /**
   * The column index of {@code chunk}, or null when the file has none for it.
   *
   * @throws ParquetIndexException when the offset/length are outside the file or the bytes are
   *     not a valid column index
   */
  public static ColumnIndex readColumnIndex(FileChannel channel, ColumnChunk chunk)
      throws IOException {
    if (!hasColumnIndex(chunk)) {
      return null;
    }
    Range range = columnIndexRange(channel.size(), chunk);
    byte[] bytes = ChannelReads.readFully(channel, range.offset, range.length);
    return parseColumnIndex(bytes, 0, range, chunk);
  }

  /**
   * The offset index of {@code chunk}, or null when the file has none for it.
   *
   * @throws ParquetIndexException when the offset/length are outside the file or the bytes are
   *     not a valid offset index
   */
  public static OffsetIndex readOffsetIndex(FileChannel channel, ColumnChunk chunk)
      throws IOException {
    if (!hasOffsetIndex(chunk)) {
      return null;
    }
    long fileSize = channel.size();
    Range range = offsetIndexRange(fileSize, chunk);
    byte[] bytes = ChannelReads.readFully(channel, range.offset, range.length);
    return parseOffsetIndex(bytes, 0, range, chunk, fileSize);
  }

  /**
   * Both indexes of every column of {@code rowGroup}. When they lie close together (as written by
   * Basalt, and by parquet-java per kind) they are fetched with one read; otherwise one read each.
   */
  public static RowGroupIndexes readRowGroup(FileChannel channel, RowGroup rowGroup)
      throws IOException {
    long fileSize = channel.size();
    List<ColumnChunk> chunks = rowGroup.getColumns();
    List<Range> ranges = new ArrayList<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    long total = 0;
    for (ColumnChunk chunk : chunks) {
      for (Range range : new Range[] {
          hasColumnIndex(chunk) ? columnIndexRange(fileSize, chunk) : null,
          hasOffsetIndex(chunk) ? offsetIndexRange(fileSize, chunk) : null}) {
        ranges.add(range);
        if (range != null) {
          start = Math.min(start, range.offset);
          end = Math.max(end, range.offset + range.length);
          total += range.length;
        }
      }
    }
    List<ColumnIndex> columnIndexes = new ArrayList<>(chunks.size());
    List<OffsetIndex> offsetIndexes = new ArrayList<>(chunks.size());
    boolean coalesce = total > 0 && end - start - total <= MAX_COALESCED_GAP_BYTES
        && end - start <= Integer.MAX_VALUE;
    byte[] span = coalesce ? ChannelReads.readFully(channel, start, (int) (end - start)) : null;
    for (int c = 0; c < chunks.size(); c++) {
      ColumnChunk chunk = chunks.get(c);
      Range columnRange = ranges.get(2 * c);
      Range offsetRange = ranges.get(2 * c + 1);
      if (columnRange == null) {
        columnIndexes.add(null);
      } else if (coalesce) {
        columnIndexes.add(
            parseColumnIndex(span, (int) (columnRange.offset - start), columnRange, chunk));
      } else {
        columnIndexes.add(readColumnIndex(channel, chunk));
      }
      if (offsetRange == null) {
        offsetIndexes.add(null);
      } else if (coalesce) {
        offsetIndexes.add(parseOffsetIndex(
            span, (int) (offsetRange.offset - start), offsetRange, chunk, fileSize));
      } else {
        offsetIndexes.add(readOffsetIndex(channel, chunk));
      }
    }
    return new RowGroupIndexes(columnIndexes, offsetIndexes);
  }

  private static boolean hasColumnIndex(ColumnChunk chunk) {
    return chunk.isSetColumn_index_offset() && chunk.isSetColumn_index_length();
  }

  private static boolean hasOffsetIndex(ColumnChunk chunk) {
    return chunk.isSetOffset_index_offset() && chunk.isSetOffset_index_length();
  }

  private record Range(String what, long offset, int length) {}

  private static Range columnIndexRange(long fileSize, ColumnChunk chunk)
      throws ParquetIndexException {
    return checkRange("column index", chunk, chunk.getColumn_index_offset(),
        chunk.getColumn_index_length(), fileSize);
  }

  private static Range offsetIndexRange(long fileSize, ColumnChunk chunk)
      throws ParquetIndexException {
    return checkRange("offset index", chunk, chunk.getOffset_index_offset(),
        chunk.getOffset_index_length(), fileSize);
  }

  private static Range checkRange(
      String what, ColumnChunk chunk, long offset, int length, long fileSize)
      throws ParquetIndexException {
    // 4 bytes of leading magic; nothing can start before them.
    // Written as a subtraction so that a huge corrupt offset cannot overflow past the check.
    if (offset < 4 || length <= 0 || offset > fileSize - length) {
      throw new ParquetIndexException(
          what + " of column " + columnName(chunk) + " claims bytes [" + offset + ", "
              + (offset + length) + ") but the file has " + fileSize
              + " bytes; the footer is corrupt");
    }
    return new Range(what, offset, length);
  }

  private static ColumnIndex parseColumnIndex(byte[] bytes, int from, Range range,
      ColumnChunk chunk) throws ParquetIndexException {
    ColumnIndex index;
    try {
      index = Util.readColumnIndex(new ByteArrayInputStream(bytes, from, range.length));
    } catch (IOException | RuntimeException e) {
      throw corrupt(range, chunk, "does not parse: " + e.getMessage(), e);
    }
    int pages = index.getNull_pagesSize();
    if (index.getNull_pages() == null || index.getMin_values() == null
        || index.getMax_values() == null || index.getBoundary_order() == null) {
      throw corrupt(range, chunk, "lacks a required field", null);
    }
    if (index.getMin_valuesSize() != pages || index.getMax_valuesSize() != pages
        || (index.isSetNull_counts() && index.getNull_countsSize() != pages)) {
      throw corrupt(range, chunk, "has lists of different lengths (" + pages + " null_pages, "
          + index.getMin_valuesSize() + " min_values, " + index.getMax_valuesSize()
          + " max_values, " + index.getNull_countsSize() + " null_counts)", null);
    }
    return index;
  }

  private static OffsetIndex parseOffsetIndex(byte[] bytes, int from, Range range,
      ColumnChunk chunk, long fileSize) throws ParquetIndexException {
    OffsetIndex index;
    try {
      index = Util.readOffsetIndex(new ByteArrayInputStream(bytes, from, range.length));
    } catch (IOException | RuntimeException e) {
      throw corrupt(range, chunk, "does not parse: " + e.getMessage(), e);
    }
    if (index.getPage_locations() == null) {
      throw corrupt(range, chunk, "lacks page_locations", null);
    }
    long previousRow = -1;
    for (int i = 0; i < index.getPage_locationsSize(); i++) {
      PageLocation page = index.getPage_locations().get(i);
      if (page.getOffset() < 4 || page.getCompressed_page_size() <= 0
          || page.getOffset() > fileSize - page.getCompressed_page_size()) {
        throw corrupt(range, chunk, "puts page " + i + " at bytes [" + page.getOffset() + ", "
            + (page.getOffset() + page.getCompressed_page_size()) + ") of a " + fileSize
            + "-byte file", null);
      }
      long firstRow = page.getFirst_row_index();
      if (i == 0 ? firstRow != 0 : firstRow <= previousRow) {
        throw corrupt(range, chunk, "gives page " + i + " first row " + firstRow
            + (i == 0 ? " (must be 0)" : " after " + previousRow + " (must increase)"), null);
      }
      previousRow = firstRow;
    }
    return index;
  }

  private static ParquetIndexException corrupt(
      Range range, ColumnChunk chunk, String problem, Throwable cause) {
    return new ParquetIndexException(
        range.what + " of column " + columnName(chunk) + " at bytes [" + range.offset + ", "
            + (range.offset + range.length) + ") " + problem, cause);
  }

  static String columnName(ColumnChunk chunk) {
    if (chunk.getMeta_data() == null || chunk.getMeta_data().getPath_in_schema() == null) {
      return "(unnamed)";
    }
    return "'" + String.join(".", chunk.getMeta_data().getPath_in_schema()) + "'";
  }
}
