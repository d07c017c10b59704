package io.basalt.engine.format.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.PageHeader;
import shaded.parquet.org.apache.thrift.TException;
import shaded.parquet.org.apache.thrift.protocol.TCompactProtocol;
import shaded.parquet.org.apache.thrift.transport.TIOStreamTransport;

/**
 * Streams the pages of one column chunk: reads the chunk through a bounded window of positional
 * reads (never the whole file, and the whole chunk only when it is small), parses each page header,
 * and returns the page decompressed. Every length taken from the file is checked against the chunk
 * bounds before anything is allocated for it.
 */
final class ColumnChunkReader {
  /** Bytes fetched per read: whole small chunks at once, bounded memory for large ones. */
  private static final int WINDOW = 1 << 20;
  /** Page headers are small, but statistics inside them may not be; beyond this they are corrupt. */
  private static final int MAX_HEADER = 16 << 20;
  /** Largest page payload accepted; also bounds allocations driven by a corrupt header. */
  private static final int MAX_PAGE = Integer.MAX_VALUE - 64;

  private final FileChannel channel;
  private final long chunkStart;
  private final long chunkEnd;
  private final boolean dictionaryFirst;
  private final PageDecompressor decompressor;
  /** Where the window and page arrays come from and go back to (see {@link ReaderBuffers}). */
  private final ColumnBuffers buffers;

  /** File position of the next unread byte of the chunk. */
  private long position;
  /** Bytes of the file from windowStart, windowLength long. */
  private byte[] window;
  /** The last page decompressed, reused for the next one (every page is consumed first). */
  private byte[] pageBuffer;
  private long windowStart;
  private int windowLength;

  /** From the offset index, when the file has one: data page positions, sizes and first rows. */
  private long[] pageOffsets;
  private int[] pageSizes;
  private long[] pageFirstRows;

  private long bytesRead;
  private int dataPagesRead;

  ColumnChunkReader(FileChannel channel, long fileSize, ColumnMetaData meta) {
    this(channel, fileSize, meta, new ColumnBuffers());
  }

  /**
   * Reads with the window and page arrays of {@code buffers}, which {@link #release} hands back;
   * pages returned by {@link #next} are then only valid until the next call.
   */
  ColumnChunkReader(FileChannel channel, long fileSize, ColumnMetaData meta,
      ColumnBuffers buffers) {
    this.channel = channel;
    this.buffers = buffers;
    this.window = buffers.window;
    this.pageBuffer = buffers.page;
    long dataOffset = meta.getData_page_offset();
    long dictOffset = meta.isSetDictionary_page_offset() ? meta.getDictionary_page_offset() : 0;
    // Some writers store dictionary_page_offset = 0 when there is no dictionary.
    long start = dictOffset > 0 && dictOffset < dataOffset ? dictOffset : dataOffset;
    long length = meta.getTotal_compressed_size();
    if (start < 4 || length < 0 || start + length > fileSize - 8) {
      throw new CorruptPageException("column chunk at byte " + start + " with " + length
          + " bytes lies outside the file's data section (file size " + fileSize
          + "); the file is probably truncated or corrupt");
    }
    this.position = start;
    this.chunkStart = start;
    this.chunkEnd = start + length;
    this.dictionaryFirst = start < dataOffset;
    this.decompressor = PageDecompressor.forCodec(meta.getCodec());
  }

  /**
   * Enables seeking by row: {@code offsets[i]}, {@code sizes[i]} (header included) and {@code
   * firstRows[i]} describe data page {@code i}, as the file's offset index does. Ignored when the
   * locations do not fit the chunk.
   */
  void useOffsetIndex(long[] offsets, int[] sizes, long[] firstRows) {
    for (int i = 0; i < offsets.length; i++) {
      if (offsets[i] < chunkStart || sizes[i] <= 0 || offsets[i] + sizes[i] > chunkEnd
          || (i > 0 && (offsets[i] <= offsets[i - 1] || firstRows[i] <= firstRows[i - 1]))) {
        return; // an inconsistent index is not trusted; pages are then read in order
      }
    }
    this.pageOffsets = offsets;
    this.pageSizes = sizes;
    this.pageFirstRows = firstRows;
  }

  /** Stores the (possibly grown) window and page arrays back for the next row group's reader. */
  void release() {
    buffers.window = window;
    buffers.page = pageBuffer;
  }

  /** Whether the next page is the chunk's dictionary page (nothing read yet). */
  boolean atDictionaryPage() {
    return dictionaryFirst && position == chunkStart;
  }

  /**
   * Moves to the data page holding row {@code targetRow} when that page starts after the current
   * position (the offset index is needed) and returns that page's first row; -1 when it did not
   * move. The dictionary page must have been read before.
   */
  long seekToRow(long targetRow) {
    if (pageOffsets == null) {
      return -1;
    }
    int page = java.util.Arrays.binarySearch(pageFirstRows, targetRow);
    if (page < 0) {
      page = -page - 2;
    }
    if (page < 0 || pageOffsets[page] <= position) {
      return -1;
    }
    position = pageOffsets[page];
    return pageFirstRows[page];
  }

  /** Bytes read from the file so far. */
  long bytesRead() {
    return bytesRead;
  }

  /** Data pages read (and decompressed) so far. */
  int dataPagesRead() {
    return dataPagesRead;
  }

  /** Data pages of the chunk per the offset index; -1 without one. */
  int dataPageCount() {
    return pageOffsets == null ? -1 : pageOffsets.length;
  }

  /**
   * The next page, skipping index pages; null at the end of the chunk. Its bytes live in a buffer
   * the following call reuses, so a page must be consumed (or copied) before asking for the next.
   */
  Page next() throws IOException {
    while (position < chunkEnd) {
      PageHeader header = readHeader();
      int compressed = header.getCompressed_page_size();
      int uncompressed = header.getUncompressed_page_size();
      if (compressed < 0 || compressed > chunkEnd - position) {
        throw new CorruptPageException("page at byte " + position + " announces " + compressed
            + " bytes, but the column chunk has " + (chunkEnd - position) + " left");
      }
      if (uncompressed < 0 || uncompressed > MAX_PAGE) {
        throw new CorruptPageException("page announces an invalid size of " + uncompressed
            + " bytes");
      }
      int bodyOffset = ensureBuffered(compressed);
      position += compressed;
      switch (header.getType()) {
        case DICTIONARY_PAGE:
          return dictionaryPage(header, bodyOffset, compressed, uncompressed);
        case DATA_PAGE:
          dataPagesRead++;
          return dataPageV1(header, bodyOffset, compressed, uncompressed);
        case DATA_PAGE_V2:
          dataPagesRead++;
          return dataPageV2(header, bodyOffset, compressed, uncompressed);
        default:
          continue; // index pages carry nothing the decoder needs
      }
    }
    return null;
  }

  private Page dictionaryPage(PageHeader header, int offset, int compressed, int uncompressed) {
    DictionaryPageHeader dict = header.getDictionary_page_header();
    if (dict == null || dict.getNum_values() < 0) {
      throw new CorruptPageException("dictionary page without a valid dictionary page header");
    }
    byte[] data = decompress(offset, compressed, uncompressed);
    return new Page(Page.Kind.DICTIONARY, data, uncompressed, dict.getNum_values(),
        dict.getEncoding(), null, 0, 0);
  }

  private Page dataPageV1(PageHeader header, int offset, int compressed, int uncompressed) {
    DataPageHeader v1 = header.getData_page_header();
    if (v1 == null || v1.getNum_values() < 0) {
      throw new CorruptPageException("data page without a valid data page header");
    }
    byte[] data = decompress(offset, compressed, uncompressed);
    return new Page(Page.Kind.DATA_V1, data, uncompressed, v1.getNum_values(), v1.getEncoding(),
        v1.getDefinition_level_encoding(), 0, 0);
  }

  private Page dataPageV2(PageHeader header, int offset, int compressed, int uncompressed) {
    DataPageHeaderV2 v2 = header.getData_page_header_v2();
    if (v2 == null || v2.getNum_values() < 0) {
      throw new CorruptPageException("data page v2 without a valid page header");
    }
    int repLength = v2.getRepetition_levels_byte_length();
    int defLength = v2.getDefinition_levels_byte_length();
    long levels = (long) repLength + defLength;
    if (repLength < 0 || defLength < 0 || levels > compressed || levels > uncompressed) {
      throw new CorruptPageException("data page v2 announces " + levels
          + " bytes of levels in a page of " + compressed + " bytes");
    }
    int l = (int) levels;
    byte[] data = pageArray(uncompressed);
    // v2 levels are never compressed; only the values behind them may be.
    System.arraycopy(window, offset, data, 0, l);
    if (v2.isIs_compressed()) {
      decompressor.decompress(window, offset + l, compressed - l, data, l, uncompressed - l);
    } else {
      if (compressed != uncompressed) {
        throw new CorruptPageException("uncompressed data page v2 of " + compressed
            + " bytes announces " + uncompressed + " bytes");
      }
      System.arraycopy(window, offset + l, data, l, compressed - l);
    }
    return new Page(Page.Kind.DATA_V2, data, uncompressed, v2.getNum_values(), v2.getEncoding(),
        null, repLength, defLength);
  }

  private byte[] decompress(int offset, int compressed, int uncompressed) {
    byte[] data = pageArray(uncompressed);
    decompressor.decompress(window, offset, compressed, data, 0, uncompressed);
    return data;
  }

  /** The page buffer, grown to hold {@code size} bytes (its old contents are dead by now). */
  private byte[] pageArray(int size) {
    if (pageBuffer.length < size) {
      pageBuffer = new byte[Math.max(size, (int) Math.min(MAX_PAGE, pageBuffer.length * 3L / 2))];
    }
    return pageBuffer;
  }

  /**
   * One page header, read straight from Thrift: {@code Util.readPageHeader} also formats a
   * validation message for every header, needed or not (sizes are checked by {@link #next}).
   */
  private static PageHeader parseHeader(ByteArrayInputStream in) throws IOException {
    try {
      PageHeader header = new PageHeader();
      header.read(new TCompactProtocol(new TIOStreamTransport(in)));
      return header;
    } catch (TException e) {
      throw new IOException("cannot read page header: " + e.getMessage(), e);
    }
  }

  /**
   * Parses the page header at {@link #position}. A header cut off by the window end is retried
   * with a larger window; a header that does not parse within the chunk is corrupt.
   */
  private PageHeader readHeader() throws IOException {
    int want = (int) Math.min(chunkEnd - position, 256);
    while (true) {
      int offset = ensureBuffered(want);
      int available = (int) Math.min(windowStart + windowLength - position, chunkEnd - position);
      ByteArrayInputStream in = new ByteArrayInputStream(window, offset, available);
      try {
        PageHeader header = parseHeader(in);
        if (header.getType() == null) {
          throw new CorruptPageException("page header at byte " + position + " has no page type");
        }
        position += available - in.available();
        return header;
      } catch (CorruptPageException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        long left = chunkEnd - position;
        if (available >= left || available >= MAX_HEADER) {
          throw new CorruptPageException("corrupt page header at byte " + position + " ("
              + e.getMessage() + ")", e);
        }
        want = (int) Math.min(Math.min(left, MAX_HEADER), (long) available * 4);
      }
    }
  }

  /**
   * Makes {@code length} bytes from {@link #position} available in {@link #window} and returns
   * their offset in it. Reads at least a window's worth (bounded by the chunk end) so that runs of
   * small pages cost one read.
   */
  private int ensureBuffered(int length) throws IOException {
    if (position >= windowStart && position + length <= windowStart + windowLength) {
      return (int) (position - windowStart);
    }
    // With an offset index reads are page-sized: a seek lands on exactly the page it needs.
    int want = pageOffsets == null ? WINDOW : pageSizeAt(position);
    int size = (int) Math.min(chunkEnd - position, Math.max(length, want));
    if (window.length < size) {
      window = new byte[size];
    }
    ByteBuffer buffer = ByteBuffer.wrap(window, 0, size);
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new CorruptPageException("unexpected end of file at byte " + at
            + " inside a column chunk; the file is truncated");
      }
      at += n;
    }
    windowStart = position;
    windowLength = size;
    bytesRead += size;
    return 0;
  }

  /**
   * Bytes worth reading at {@code at} per the offset index: the page starting there, or up to the
   * next data page (the dictionary page before the first); else a full window.
   */
  private int pageSizeAt(long at) {
    int page = java.util.Arrays.binarySearch(pageOffsets, at);
    if (page >= 0) {
      return pageSizes[page];
    }
    int next = -page - 1;
    return next < pageOffsets.length ? (int) Math.min(WINDOW, pageOffsets[next] - at) : WINDOW;
  }
}
