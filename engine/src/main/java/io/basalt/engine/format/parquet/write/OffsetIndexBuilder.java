package io.basalt.engine.format.parquet.write;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.format.OffsetIndex;
import org.apache.parquet.format.PageLocation;

/**
 * Collects where the data pages of one column chunk are. Pages are buffered before the chunk's
 * place in the file is known, so offsets are kept relative to the first data page and shifted by
 * {@link #build(long)}.
 */
final class OffsetIndexBuilder {
  private final List<long[]> pages = new ArrayList<>();

  /**
   * @param relativeOffset offset of the page header from the chunk's first data page
   * @param size compressed page size plus header size
   * @param firstRow index of the page's first row within the row group
   */
  void addPage(long relativeOffset, int size, long firstRow) {
    pages.add(new long[] {relativeOffset, size, firstRow});
  }

  OffsetIndex build(long firstDataPageOffset) {
    List<PageLocation> locations = new ArrayList<>(pages.size());
    for (long[] page : pages) {
      locations.add(new PageLocation(firstDataPageOffset + page[0], (int) page[1], page[2]));
    }
    return new OffsetIndex(locations);
  }

  void reset() {
    pages.clear();
  }
}
