package io.basalt.engine.format.parquet;

import io.basalt.engine.format.parquet.decode.BinaryValues;
import io.basalt.engine.format.parquet.decode.ByteStreamSplitDecoder;
import io.basalt.engine.format.parquet.decode.DeltaBinaryPackedDecoder;
import io.basalt.engine.format.parquet.decode.DeltaByteArrayDecoder;
import io.basalt.engine.format.parquet.decode.DeltaLengthByteArrayDecoder;
import io.basalt.engine.format.parquet.decode.RleBitPackedDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.Type;

/**
 * Decodes one column chunk into Arrow vectors, batch by batch. Keeps the current page and its
 * decoders between batches, so a page may feed several batches and a batch several pages.
 *
 * <p>Per page slice it decodes the definition levels in bulk, then all non-null values of the slice
 * in bulk into a staging array of the physical type, then writes them to the vector with one loop
 * specialised by {@link ValueTarget}. PLAIN values whose layout equals Arrow's skip the staging
 * array: each run of non-null values is one copy into the Arrow data buffer.
 */
final class ColumnDecoder {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** Values decoded, gathered and written per pass: staging arrays stay within L1. */
  static final int DECODE_CHUNK = 2048;
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private final ColumnChunkReader pages;
  private final Type physical;
  private final ValueTarget target;
  private final int maxDefinitionLevel;
  /** Bytes per value of fixed-width physical types (FLBA length, 12 for INT96). */
  private final int fixedWidth;
  private Dictionary dictionary;

  /** Rows of the chunk consumed so far (read or skipped). */
  private long rowsConsumed;

  // Current page.
  private int pageRemaining;
  private byte[] data;
  private int valuePos;
  private int valueEnd;
  private Encoding encoding;
  private RleBitPackedDecoder definitionLevels;
  private RleBitPackedDecoder rleValues;
  private long booleanBit;
  private DeltaBinaryPackedDecoder deltaValues;
  private DeltaLengthByteArrayDecoder deltaLengthValues;
  private DeltaByteArrayDecoder deltaByteArrayValues;
  private ByteStreamSplitDecoder byteStreamSplitValues;

  // Scratch arrays, grown to the largest slice seen; taken from and stored back to `buffers`.
  private final ColumnBuffers buffers;
  private int[] levels;
  private int[] rows;
  private int[] ints;
  private long[] longs;
  private byte[] fixed;
  private BinaryValues binaries;
  /** Where the generic selective path packs picked strings (then swapped with binaries). */
  private BinaryValues pickedBinaries;
  /** Value indices (within a page slice) of the rows a selective read materializes. */
  private int[] picks;
  private final BinaryValues batchBinaries;
  private boolean[] batchValid;
  /** Whether a NULL was met since {@link #startBatch}: its slot's data needs zeroing. */
  private boolean batchHasNulls;

  /** Decodes with the scratch arrays of {@code buffers}, which {@link #release} hands back. */
  ColumnDecoder(ParquetColumn column, ColumnChunkReader pages, ColumnBuffers buffers) {
    this.pages = pages;
    this.physical = column.element().getType();
    this.target = ValueTarget.of(column);
    this.maxDefinitionLevel = column.maxDefinitionLevel();
    this.fixedWidth = physical == Type.INT96 ? 12
        : physical == Type.FIXED_LEN_BYTE_ARRAY ? column.element().getType_length() : 0;
    this.buffers = buffers;
    this.levels = buffers.levels;
    this.rows = buffers.rows;
    this.picks = buffers.picks;
    this.ints = buffers.ints;
    this.longs = buffers.longs;
    this.fixed = buffers.fixed;
    this.batchValid = buffers.batchValid;
    this.binaries = buffers.binaries;
    this.pickedBinaries = buffers.pickedBinaries;
    if (target.variableWidth() && buffers.batchBinaries == null) {
      buffers.batchBinaries = new BinaryValues();
    }
    this.batchBinaries = target.variableWidth() ? buffers.batchBinaries : null;
  }

  /**
   * Stores the (possibly grown) scratch arrays back for the next row group's decoder of this
   * column, and the chunk reader's buffers with them. The decoder must not be used afterwards.
   */
  void release() {
    buffers.levels = levels;
    buffers.rows = rows;
    buffers.picks = picks;
    buffers.ints = ints;
    buffers.longs = longs;
    buffers.fixed = fixed;
    buffers.batchValid = batchValid;
    buffers.binaries = binaries;
    buffers.pickedBinaries = pickedBinaries;
    pages.release();
  }

  /** Fills {@code vector} with the next {@code rowCount} rows of the chunk. */
  void readBatch(FieldVector vector, int rowCount) throws IOException {
    ensureScratch(rowCount);
    startBatch(vector, rowCount);
    int done = 0;
    while (done < rowCount) {
      if (pageRemaining == 0) {
        nextDataPage();
        continue;
      }
      int m = Math.min(rowCount - done, pageRemaining);
      int nonNull = readLevels(m, done);
      batchHasNulls |= nonNull < m;
      if (target.variableWidth()) {
        decodeVariableWidth(m, nonNull, done);
      } else {
        decodeFixedWidth((BaseFixedWidthVector) vector, m, nonNull, done);
      }
      pageRemaining -= m;
      done += m;
    }
    if (target.variableWidth()) {
      writeVariableWidth((BaseVariableWidthVector) vector, rowCount);
    } else {
      finishFixedWidth(vector, rowCount);
    }
    vector.setValueCount(rowCount);
    rowsConsumed += rowCount;
  }

  /** Rows of the chunk read or skipped so far. */
  long rowsConsumed() {
    return rowsConsumed;
  }

  /**
   * Skips the next {@code rowCount} rows. Whole pages are jumped over without being read when the
   * chunk has an offset index; rows inside a page are decoded into {@code scratch} and dropped.
   */
  void skipRows(long rowCount, FieldVector scratch) throws IOException {
    long target = rowsConsumed + rowCount;
    while (rowsConsumed < target) {
      if (pageRemaining == 0) {
        if (pages.atDictionaryPage()) {
          loadDictionary(); // data pages after a jump still need it
        }
        long landed = pages.seekToRow(target);
        if (landed >= 0) {
          rowsConsumed = landed;
          continue;
        }
      }
      int m = (int) Math.min(target - rowsConsumed,
          pageRemaining > 0 ? pageRemaining : Integer.MAX_VALUE / 2);
      readBatch(scratch, Math.min(m, 1 << 16));
    }
  }

  private void ensureScratch(int n) {
    if (levels.length < n) {
      levels = new int[n];
      rows = new int[n];
      picks = new int[n];
    }
  }

  /**
   * Readies the staging for a batch of {@code slots} output rows: no strings yet and every slot
   * NULL until written, or a fixed-width vector of that many slots with validity (and booleans)
   * cleared.
   */
  private void startBatch(FieldVector vector, int slots) {
    if (target.variableWidth()) {
      batchBinaries.reset();
      if (batchValid.length < slots) {
        batchValid = new boolean[slots];
      }
      java.util.Arrays.fill(batchValid, 0, slots, false);
    } else {
      BaseFixedWidthVector fixedVector = (BaseFixedWidthVector) vector;
      // Validity cleared, data not: decoding writes every non-NULL slot it materializes, and
      // finishFixedWidth zeroes NULL slots' data. Rows a selective read steps over stay
      // unwritten; only the selected ones are read from such a vector (see readSelected). A
      // BOOL target's bit vector comes cleared (UnzeroedAllocation leaves those to Arrow), as
      // its set-bits-only writes need.
      io.basalt.engine.vector.UnzeroedAllocation.allocate(fixedVector, Math.max(slots, 1));
    }
    batchHasNulls = false;
  }

  /** Zeroes the data of NULL slots when this batch has any (see {@link #startBatch}). */
  private void finishFixedWidth(FieldVector vector, int slots) {
    if (batchHasNulls && target != ValueTarget.BOOL) {
      io.basalt.engine.vector.UnzeroedAllocation.zeroNullSlots((BaseFixedWidthVector) vector,
          slots);
    }
  }

  // ---- selective reads ----

  /**
   * Consumes the next {@code rowCount} rows of the chunk but materializes only the {@code n} rows
   * listed in {@code selected} (ascending positions within the batch): packed at 0..n-1 when
   * {@code compact}, else at their own positions in a vector of {@code rowCount} slots whose other
   * slots are NULL. The other rows' values are stepped over without being converted or copied —
   * PLAIN fixed-width values by offset, dictionary indices without their dictionary values — which
   * is what late materialization saves when a scan filter keeps few rows.
   */
  void readSelected(FieldVector vector, int rowCount, int[] selected, int n, boolean compact)
      throws IOException {
    ensureScratch(rowCount);
    int outRows = compact ? n : rowCount;
    startBatch(vector, outRows);
    int done = 0;
    int from = 0;
    while (done < rowCount) {
      if (pageRemaining == 0) {
        nextDataPage();
        continue;
      }
      int m = Math.min(rowCount - done, pageRemaining);
      int to = from;
      while (to < n && selected[to] < done + m) {
        to++;
      }
      readSelectedSlice(vector, m, done, selected, from, to, compact);
      pageRemaining -= m;
      done += m;
      from = to;
    }
    if (target.variableWidth()) {
      writeVariableWidth((BaseVariableWidthVector) vector, outRows);
    } else {
      finishFixedWidth(vector, outRows);
    }
    vector.setValueCount(outRows);
    rowsConsumed += rowCount;
  }

  /** One page slice of {@link #readSelected}: rows base..base+m-1, of which selected[from..to). */
  private void readSelectedSlice(FieldVector vector, int m, int base, int[] selected, int from,
      int to, boolean compact) {
    int nonNull = m;
    if (maxDefinitionLevel > 0) {
      definitionLevels.readInts(levels, 0, m);
      nonNull = 0;
      for (int i = 0; i < m; i++) {
        int level = levels[i];
        if (level == maxDefinitionLevel) {
          nonNull++;
        } else if (level > maxDefinitionLevel) {
          throw new CorruptPageException("definition level " + level + " above the maximum "
              + maxDefinitionLevel);
        }
      }
    }
    batchHasNulls |= nonNull < m;
    // The picked values: value index within the slice, and the output slot.
    int c = 0;
    if (nonNull == m) {
      for (int t = from; t < to; t++) {
        picks[c] = selected[t] - base;
        rows[c++] = compact ? t : selected[t];
      }
    } else {
      int value = 0;
      int t = from;
      for (int i = 0; i < m && t < to; i++) {
        boolean present = levels[i] == maxDefinitionLevel;
        if (selected[t] - base == i) {
          if (present) {
            picks[c] = value;
            rows[c++] = compact ? t : selected[t];
          }
          t++;
        }
        if (present) {
          value++;
        }
      }
    }
    if (c == 0) {
      skipValues(nonNull);
    } else {
      stagePicked(nonNull, c);
    }
    if (target.variableWidth()) {
      appendPicked(m, base, from, to, compact, c);
      return;
    }
    ArrowBuf validity = ((BaseFixedWidthVector) vector).getValidityBuffer();
    for (int j = 0; j < c; j++) {
      BitVectorHelper.setBit(validity, rows[j]);
    }
    if (c > 0) {
      writeStaged(((BaseFixedWidthVector) vector).getDataBuffer(), 0, c);
    }
  }

  /**
   * Appends this slice's output slots to the batch's strings: the c staged values at their slots
   * (in {@link #rows}), empty NULL slots elsewhere.
   */
  private void appendPicked(int m, int base, int from, int to, boolean compact, int c) {
    int first = compact ? from : base;
    int end = compact ? to : base + m;
    int slot = first;
    for (int j = 0; j < c; j++) {
      int at = rows[j];
      if (at > slot) {
        batchBinaries.appendEmpty(at - slot); // the gap before the next picked value
      }
      batchValid[at] = true;
      if (target == ValueTarget.UUID_TEXT) {
        appendUuid(fixed, 16 * j);
      } else {
        batchBinaries.append(binaries.data(), binaries.offsets()[j], binaries.length(j));
      }
      slot = at + 1;
    }
    if (end > slot) {
      batchBinaries.appendEmpty(end - slot);
    }
  }

  /** Steps over the next {@code nonNull} values of the page. */
  private void skipValues(int nonNull) {
    if (nonNull == 0) {
      return;
    }
    if (encoding == Encoding.PLAIN && physical == Type.BYTE_ARRAY) {
      for (int j = 0; j < nonNull; j++) {
        valuePos = skipBinary(valuePos);
      }
    } else if (encoding == Encoding.PLAIN && physical != Type.BOOLEAN) {
      long bytes = (long) nonNull * physicalWidth();
      PlainValues.checkAvailable(valuePos, valueEnd, bytes, nonNull, physical.toString());
      valuePos += (int) bytes;
    } else if (isDictionaryEncoded()) {
      readIndices(nonNull);
    } else {
      readValues(nonNull);
    }
  }

  private int skipBinary(int pos) {
    if (valueEnd - pos < 4) {
      throw new CorruptPageException("PLAIN byte array length cut off at byte " + pos
          + " of the page");
    }
    int length = (int) PlainValues.INT_LE.get(data, pos);
    if (length < 0 || length > valueEnd - pos - 4) {
      throw new CorruptPageException("PLAIN byte array of " + length + " bytes at byte "
          + (pos + 4) + " overruns the page (" + (valueEnd - pos - 4) + " bytes left)");
    }
    return pos + 4 + length;
  }

  /**
   * Stages the values at value indices {@code picks[0..c)} of the next {@code nonNull} values
   * into slots 0..c-1 of the staging array of the physical type, and steps over all
   * {@code nonNull}.
   */
  private void stagePicked(int nonNull, int c) {
    if (encoding == Encoding.PLAIN && physical == Type.BYTE_ARRAY) {
      binaries.reset();
      int pos = valuePos;
      int t = 0;
      for (int j = 0; j < nonNull; j++) {
        if (t < c && picks[t] == j) {
          pos = PlainValues.readBinary(data, pos, valueEnd, binaries);
          t++;
        } else {
          pos = skipBinary(pos);
        }
      }
      valuePos = pos;
      return;
    }
    if (encoding == Encoding.PLAIN && physical != Type.BOOLEAN) {
      int width = physicalWidth();
      PlainValues.checkAvailable(valuePos, valueEnd, (long) nonNull * width, nonNull,
          physical.toString());
      int at = valuePos;
      ensureStaging(c);
      switch (physical) {
        case INT32:
        case FLOAT:
          for (int j = 0; j < c; j++) {
            ints[j] = (int) PlainValues.INT_LE.get(data, at + 4 * picks[j]);
          }
          break;
        case INT64:
        case DOUBLE:
          for (int j = 0; j < c; j++) {
            longs[j] = (long) PlainValues.LONG_LE.get(data, at + 8 * picks[j]);
          }
          break;
        default: // INT96, FIXED_LEN_BYTE_ARRAY
          for (int j = 0; j < c; j++) {
            System.arraycopy(data, at + fixedWidth * picks[j], fixed, fixedWidth * j, fixedWidth);
          }
      }
      valuePos += nonNull * width;
      return;
    }
    if (isDictionaryEncoded()) {
      readIndices(nonNull);
      ensureStaging(c);
      Dictionary dict = dictionary;
      // In place: picks ascend, so slot j is read at picks[j] >= j before it is overwritten.
      switch (physical) {
        case INT32:
        case FLOAT:
          for (int j = 0; j < c; j++) {
            ints[j] = dict.ints[ints[picks[j]]];
          }
          break;
        case INT64:
        case DOUBLE:
          for (int j = 0; j < c; j++) {
            longs[j] = dict.longs[ints[picks[j]]];
          }
          break;
        case INT96:
        case FIXED_LEN_BYTE_ARRAY:
          for (int j = 0; j < c; j++) {
            System.arraycopy(dict.fixed, ints[picks[j]] * fixedWidth, fixed, j * fixedWidth,
                fixedWidth);
          }
          break;
        case BYTE_ARRAY: {
          byte[] bytes = dict.binaries.data();
          int[] offsets = dict.binaries.offsets();
          for (int j = 0; j < c; j++) {
            int index = ints[picks[j]];
            binaries.append(bytes, offsets[index], offsets[index + 1] - offsets[index]);
          }
          break;
        }
        default:
          throw new CorruptPageException("dictionary encoding for a " + physical + " column");
      }
      return;
    }
    // Any other encoding: decode all, then keep the picked ones (in place, as above).
    readValues(nonNull);
    switch (physical) {
      case BOOLEAN:
      case INT32:
      case FLOAT:
        for (int j = 0; j < c; j++) {
          ints[j] = ints[picks[j]];
        }
        break;
      case INT64:
      case DOUBLE:
        for (int j = 0; j < c; j++) {
          longs[j] = longs[picks[j]];
        }
        break;
      case INT96:
      case FIXED_LEN_BYTE_ARRAY:
        for (int j = 0; j < c; j++) {
          System.arraycopy(fixed, picks[j] * fixedWidth, fixed, j * fixedWidth, fixedWidth);
        }
        break;
      default: {
        pickedBinaries.reset();
        for (int j = 0; j < c; j++) {
          int p = picks[j];
          pickedBinaries.append(binaries.data(), binaries.offsets()[p], binaries.length(p));
        }
        BinaryValues swap = binaries;
        binaries = pickedBinaries;
        pickedBinaries = swap;
      }
    }
  }

  /**
   * Makes the staging array of the physical type hold {@code n} values (strings: empties it).
   * Only grows, so indices already staged in {@link #ints} survive.
   */
  private void ensureStaging(int n) {
    switch (physical) {
      case BOOLEAN:
      case INT32:
      case FLOAT:
        if (ints.length < n) {
          ints = java.util.Arrays.copyOf(ints, Math.max(n, levels.length));
        }
        break;
      case INT64:
      case DOUBLE:
        if (longs.length < n) {
          longs = new long[Math.max(n, levels.length)];
        }
        break;
      case INT96:
      case FIXED_LEN_BYTE_ARRAY:
        if (fixed.length < (long) n * fixedWidth) {
          fixed = new byte[Math.max(n, levels.length) * fixedWidth];
        }
        break;
      default:
        binaries.reset();
    }
  }

  // ---- pages ----

  private void nextDataPage() throws IOException {
    while (true) {
      Page page = pages.next();
      if (page == null) {
        throw new CorruptPageException("the column chunk ends before the row group's last row; "
            + "the file is truncated or corrupt");
      }
      if (page.kind == Page.Kind.DICTIONARY) {
        if (dictionary != null) {
          throw new CorruptPageException("column chunk has a second dictionary page");
        }
        dictionary = Dictionary.decode(page, physical, fixedWidth, buffers);
        continue;
      }
      if (page.valueCount == 0) {
        continue;
      }
      startDataPage(page);
      return;
    }
  }

  private void loadDictionary() throws IOException {
    Page page = pages.next();
    if (page == null || page.kind != Page.Kind.DICTIONARY) {
      throw new CorruptPageException("the column chunk's metadata announces a dictionary page, "
          + "but its first page is not one");
    }
    dictionary = Dictionary.decode(page, physical, fixedWidth, buffers);
  }

  private void startDataPage(Page page) {
    data = page.data;
    valueEnd = page.length;
    int pos;
    if (page.kind == Page.Kind.DATA_V1) {
      pos = 0;
      if (maxDefinitionLevel > 0) {
        if (page.definitionLevelEncoding != Encoding.RLE) {
          throw new CorruptPageException("definition level encoding "
              + page.definitionLevelEncoding + " not supported yet (only RLE)");
        }
        int length = lengthPrefix(pos, "definition levels");
        definitionLevels = new RleBitPackedDecoder(slice(pos + 4, length), levelBitWidth());
        pos += 4 + length;
      }
    } else {
      pos = page.repetitionLevelsLength + page.definitionLevelsLength;
      if (maxDefinitionLevel > 0) {
        definitionLevels = new RleBitPackedDecoder(
            slice(page.repetitionLevelsLength, page.definitionLevelsLength), levelBitWidth());
      }
    }
    encoding = page.valueEncoding;
    valuePos = pos;
    pageRemaining = page.valueCount;
    startValues(pos);
  }

  private void startValues(int pos) {
    switch (encoding) {
      case PLAIN:
        booleanBit = 0;
        break;
      case PLAIN_DICTIONARY:
      case RLE_DICTIONARY:
        if (dictionary == null) {
          throw new CorruptPageException("dictionary-encoded page without a dictionary page");
        }
        if (pos < valueEnd) {
          rleValues = new RleBitPackedDecoder(slice(pos + 1, valueEnd - pos - 1), data[pos]);
        } else {
          rleValues = new RleBitPackedDecoder(slice(pos, 0), 0); // all-null page
        }
        break;
      case RLE:
        if (physical != Type.BOOLEAN) {
          throw new CorruptPageException("RLE value encoding for a " + physical + " column");
        }
        int length = lengthPrefix(pos, "RLE booleans");
        rleValues = new RleBitPackedDecoder(slice(pos + 4, length), 1);
        break;
      case DELTA_BINARY_PACKED:
        requirePhysical(Type.INT32, Type.INT64);
        deltaValues = new DeltaBinaryPackedDecoder(slice(pos, valueEnd - pos));
        break;
      case DELTA_LENGTH_BYTE_ARRAY:
        requirePhysical(Type.BYTE_ARRAY, Type.BYTE_ARRAY);
        deltaLengthValues = new DeltaLengthByteArrayDecoder(slice(pos, valueEnd - pos));
        break;
      case DELTA_BYTE_ARRAY:
        requirePhysical(Type.BYTE_ARRAY, Type.FIXED_LEN_BYTE_ARRAY);
        deltaByteArrayValues = new DeltaByteArrayDecoder(slice(pos, valueEnd - pos));
        break;
      case BYTE_STREAM_SPLIT: {
        int width = physicalWidth();
        if (width <= 0) {
          throw new CorruptPageException("BYTE_STREAM_SPLIT for a " + physical + " column");
        }
        int bytes = valueEnd - pos;
        if (bytes % width != 0) {
          throw new CorruptPageException("BYTE_STREAM_SPLIT data of " + bytes
              + " bytes is not a multiple of the value width " + width);
        }
        byteStreamSplitValues = new ByteStreamSplitDecoder(slice(pos, bytes), width,
            bytes / width);
        break;
      }
      default:
        throw new CorruptPageException("encoding " + encoding + " not supported yet");
    }
  }

  private void requirePhysical(Type a, Type b) {
    if (physical != a && physical != b) {
      throw new CorruptPageException(encoding + " encoding for a " + physical + " column");
    }
  }

  private int physicalWidth() {
    switch (physical) {
      case INT32:
      case FLOAT:
        return 4;
      case INT64:
      case DOUBLE:
        return 8;
      case INT96:
      case FIXED_LEN_BYTE_ARRAY:
        return fixedWidth;
      default:
        return -1;
    }
  }

  private int levelBitWidth() {
    return 32 - Integer.numberOfLeadingZeros(maxDefinitionLevel);
  }

  private int lengthPrefix(int pos, String what) {
    if (valueEnd - pos < 4) {
      throw new CorruptPageException(what + ": length prefix cut off");
    }
    int length = (int) PlainValues.INT_LE.get(data, pos);
    if (length < 0 || length > valueEnd - pos - 4) {
      throw new CorruptPageException(what + " announce " + length + " bytes, but the page has "
          + (valueEnd - pos - 4) + " left");
    }
    return length;
  }

  private ByteBuffer slice(int offset, int length) {
    return ByteBuffer.wrap(data, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  // ---- levels ----

  /** Decodes the definition levels of the next m rows; returns how many are non-null. */
  private int readLevels(int m, int rowBase) {
    if (maxDefinitionLevel == 0) {
      for (int i = 0; i < m; i++) {
        rows[i] = rowBase + i;
      }
      if (target.variableWidth()) {
        java.util.Arrays.fill(batchValid, rowBase, rowBase + m, true);
      }
      return m;
    }
    definitionLevels.readInts(levels, 0, m);
    int nonNull = 0;
    for (int i = 0; i < m; i++) {
      int level = levels[i];
      if (level == maxDefinitionLevel) {
        rows[nonNull++] = rowBase + i;
      } else if (level > maxDefinitionLevel) {
        throw new CorruptPageException("definition level " + level + " above the maximum "
            + maxDefinitionLevel);
      }
    }
    if (target.variableWidth()) {
      for (int i = 0; i < m; i++) {
        batchValid[rowBase + i] = levels[i] == maxDefinitionLevel;
      }
    }
    return nonNull;
  }

  // ---- fixed-width targets ----

  private void decodeFixedWidth(BaseFixedWidthVector vector, int m, int nonNull, int rowBase) {
    if (nonNull == 0) {
      return;
    }
    ArrowBuf validity = vector.getValidityBuffer();
    if (nonNull == m && rows[0] == rowBase && rows[m - 1] == rowBase + m - 1) {
      setBits(validity, rowBase, rowBase + m); // no nulls in this stretch: whole bytes at a time
    } else {
      for (int j = 0; j < nonNull; j++) {
        BitVectorHelper.setBit(validity, rows[j]);
      }
    }
    ArrowBuf out = vector.getDataBuffer();
    if (encoding == Encoding.PLAIN && target.plainIsArrowLayout()) {
      copyPlainRuns(out, nonNull, target == ValueTarget.COPY4 ? 4
          : target == ValueTarget.COPY8 ? 8 : fixedWidth);
      return;
    }
    // Chunks keep the staged indices, values and output slots in L1 between the decode, gather
    // and write passes; a whole page slice (up to a batch) would stream them through L2 thrice.
    for (int from = 0; from < nonNull; from += DECODE_CHUNK) {
      int count = Math.min(DECODE_CHUNK, nonNull - from);
      readValues(count);
      writeStaged(out, from, count);
    }
  }

  /**
   * Writes the first {@code nonNull} staged values (in {@link #ints}, {@link #longs}, {@link
   * #fixed} or {@link #binaries}, by physical type) to the data buffer at the rows in {@link
   * #rows} from index {@code rowsFrom} on.
   */
  private void writeStaged(ArrowBuf out, int rowsFrom, int nonNull) {
    int[] r = rows;
    int o = rowsFrom;
    switch (target) {
      case BOOL:
        for (int j = 0; j < nonNull; j++) {
          if (ints[j] != 0) {
            BitVectorHelper.setBit(out, r[o + j]);
          }
        }
        break;
      case INT8:
        for (int j = 0; j < nonNull; j++) {
          out.setByte(r[o + j], ints[j]);
        }
        break;
      case INT16:
        for (int j = 0; j < nonNull; j++) {
          out.setShort(2L * r[o + j], (short) ints[j]);
        }
        break;
      case UINT8_TO_INT16:
        for (int j = 0; j < nonNull; j++) {
          out.setShort(2L * r[o + j], (short) (ints[j] & 0xFF));
        }
        break;
      case UINT16_TO_INT32:
        for (int j = 0; j < nonNull; j++) {
          out.setInt(4L * r[o + j], ints[j] & 0xFFFF);
        }
        break;
      case UINT32_TO_INT64:
        for (int j = 0; j < nonNull; j++) {
          out.setLong(8L * r[o + j], ints[j] & 0xFFFF_FFFFL);
        }
        break;
      case COPY4:
        for (int j = 0; j < nonNull; j++) {
          out.setInt(4L * r[o + j], ints[j]);
        }
        break;
      case COPY8:
        for (int j = 0; j < nonNull; j++) {
          out.setLong(8L * r[o + j], longs[j]);
        }
        break;
      case COPY_FIXED:
        for (int j = 0; j < nonNull; j++) {
          out.setBytes((long) fixedWidth * r[o + j], fixed, j * fixedWidth, fixedWidth);
        }
        break;
      case DECIMAL_FROM_INT32:
        for (int j = 0; j < nonNull; j++) {
          long v = ints[j];
          out.setLong(16L * r[o + j], v);
          out.setLong(16L * r[o + j] + 8, v >> 63);
        }
        break;
      case DECIMAL_FROM_INT64:
        for (int j = 0; j < nonNull; j++) {
          long v = longs[j];
          out.setLong(16L * r[o + j], v);
          out.setLong(16L * r[o + j] + 8, v >> 63);
        }
        break;
      case DECIMAL_FROM_UINT64:
        for (int j = 0; j < nonNull; j++) {
          out.setLong(16L * r[o + j], longs[j]);
          out.setLong(16L * r[o + j] + 8, 0L);
        }
        break;
      case DECIMAL_FROM_FIXED:
        for (int j = 0; j < nonNull; j++) {
          writeBigEndianDecimal(out, r[o + j], fixed, j * fixedWidth, fixedWidth);
        }
        break;
      case DECIMAL_FROM_BINARY: {
        byte[] bytes = binaries.data();
        int[] offsets = binaries.offsets();
        for (int j = 0; j < nonNull; j++) {
          writeBigEndianDecimal(out, r[o + j], bytes, offsets[j], offsets[j + 1] - offsets[j]);
        }
        break;
      }
      case INT96_TO_NANOS:
        for (int j = 0; j < nonNull; j++) {
          long nanosOfDay = (long) PlainValues.LONG_LE.get(fixed, j * 12);
          long julianDay = (int) PlainValues.INT_LE.get(fixed, j * 12 + 8);
          out.setLong(8L * r[o + j], (julianDay - JULIAN_EPOCH_DAY) * NANOS_PER_DAY + nanosOfDay);
        }
        break;
      default:
        throw new IllegalStateException("not a fixed-width target: " + target);
    }
  }

  /** Sets validity bits {@code from} (inclusive) to {@code to} (exclusive). */
  private static void setBits(ArrowBuf validity, int from, int to) {
    int i = from;
    while (i < to && (i & 7) != 0) {
      BitVectorHelper.setBit(validity, i++);
    }
    int wholeBytes = (to - i) >>> 3;
    if (wholeBytes > 0) {
      validity.setOne(i >>> 3, wholeBytes);
      i += wholeBytes << 3;
    }
    while (i < to) {
      BitVectorHelper.setBit(validity, i++);
    }
  }

  /** PLAIN values with Arrow's layout: one copy per run of consecutive non-null rows. */
  private void copyPlainRuns(ArrowBuf out, int nonNull, int width) {
    PlainValues.checkAvailable(valuePos, valueEnd, (long) nonNull * width, nonNull, "");
    int j = 0;
    while (j < nonNull) {
      int start = j;
      while (j + 1 < nonNull && rows[j + 1] == rows[j] + 1) {
        j++;
      }
      j++;
      int bytes = (j - start) * width;
      out.setBytes((long) rows[start] * width, data, valuePos, bytes);
      valuePos += bytes;
    }
  }

  /** Big-endian two's complement of 0..16 bytes, sign-extended into Arrow's 16-byte LE decimal. */
  private static void writeBigEndianDecimal(ArrowBuf out, int row, byte[] src, int start,
      int length) {
    if (length > 16) {
      throw new CorruptPageException("decimal value of " + length + " bytes exceeds 16 bytes");
    }
    long low;
    long high;
    if (length == 0) {
      low = 0;
      high = 0;
    } else if (length <= 8) {
      low = src[start]; // sign-extends the most significant byte
      for (int i = 1; i < length; i++) {
        low = (low << 8) | (src[start + i] & 0xFF);
      }
      high = low >> 63;
    } else {
      int highLength = length - 8;
      high = src[start];
      for (int i = 1; i < highLength; i++) {
        high = (high << 8) | (src[start + i] & 0xFF);
      }
      low = 0;
      for (int i = highLength; i < length; i++) {
        low = (low << 8) | (src[start + i] & 0xFF);
      }
    }
    out.setLong(16L * row, low);
    out.setLong(16L * row + 8, high);
  }

  // ---- variable-width targets ----

  private void decodeVariableWidth(int m, int nonNull, int rowBase) {
    if (nonNull == 0) {
      for (int i = 0; i < m; i++) {
        batchBinaries.appendUninitialized(0);
      }
      return;
    }
    boolean allValid = nonNull == m;
    if (target == ValueTarget.COPY_BINARY && encoding == Encoding.PLAIN) {
      // Straight from the page: no staging copy for the most common string layout.
      for (int i = 0; i < m; i++) {
        if (allValid || batchValid[rowBase + i]) {
          valuePos = PlainValues.readBinary(data, valuePos, valueEnd, batchBinaries);
        } else {
          batchBinaries.appendUninitialized(0);
        }
      }
      return;
    }
    if (target == ValueTarget.COPY_BINARY && isDictionaryEncoded()) {
      readIndices(nonNull);
      BinaryValues dict = dictionary.binaries;
      byte[] dictBytes = dict.data();
      int[] dictOffsets = dict.offsets();
      if (allValid) {
        long[] packed = dictionary.packedEntries();
        if (packed != null) {
          batchBinaries.appendAllPacked(packed, dictionary.packedLengths(), ints, 0, m);
        } else {
          batchBinaries.appendAll(dictBytes, dictOffsets, ints, 0, m);
        }
        return;
      }
      int j = 0;
      for (int i = 0; i < m; i++) {
        if (allValid || batchValid[rowBase + i]) {
          int index = ints[j++];
          int start = dictOffsets[index];
          batchBinaries.append(dictBytes, start, dictOffsets[index + 1] - start);
        } else {
          batchBinaries.appendUninitialized(0);
        }
      }
      return;
    }
    readValues(nonNull);
    int j = 0;
    for (int i = 0; i < m; i++) {
      if (!(allValid || batchValid[rowBase + i])) {
        batchBinaries.appendUninitialized(0);
      } else if (target == ValueTarget.UUID_TEXT) {
        appendUuid(fixed, 16 * j++);
      } else {
        int start = binaries.offsets()[j];
        batchBinaries.append(binaries.data(), start, binaries.length(j++));
      }
    }
  }

  private void appendUuid(byte[] src, int start) {
    int at = batchBinaries.appendUninitialized(36);
    byte[] out = batchBinaries.data();
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        out[at++] = '-';
      }
      int b = src[start + i] & 0xFF;
      out[at++] = (byte) HEX[b >>> 4];
      out[at++] = (byte) HEX[b & 0xF];
    }
  }

  private void writeVariableWidth(BaseVariableWidthVector vector, int rowCount) {
    int totalBytes = batchBinaries.offsets()[rowCount];
    vector.allocateNew(Math.max(totalBytes, 1), rowCount);
    ArrowBuf validity = vector.getValidityBuffer();
    validity.setZero(0, validity.capacity());
    for (int i = 0; i < rowCount; i++) {
      if (batchValid[i]) {
        BitVectorHelper.setBit(validity, i);
      }
    }
    ArrowBuf offsets = vector.getOffsetBuffer();
    int[] source = batchBinaries.offsets();
    for (int i = 0; i <= rowCount; i++) {
      offsets.setInt(4L * i, source[i]);
    }
    vector.getDataBuffer().setBytes(0, batchBinaries.data(), 0, totalBytes);
    // Tells the vector every slot is written, so setValueCount keeps the offsets as they are.
    vector.setLastSet(rowCount - 1);
  }

  // ---- values into staging arrays ----

  private boolean isDictionaryEncoded() {
    return encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY;
  }

  /** Decodes the next n non-null values into the staging array of the physical type. */
  private void readValues(int n) {
    ensureStaging(n);
    switch (encoding) {
      case PLAIN:
        readPlain(n);
        break;
      case PLAIN_DICTIONARY:
      case RLE_DICTIONARY:
        readIndices(n);
        gather(n);
        break;
      case RLE:
        rleValues.readInts(ints, 0, n);
        break;
      case DELTA_BINARY_PACKED:
        if (physical == Type.INT32) {
          deltaValues.readInts(ints, 0, n);
        } else {
          deltaValues.readLongs(longs, 0, n);
        }
        break;
      case DELTA_LENGTH_BYTE_ARRAY:
        deltaLengthValues.read(binaries, n);
        break;
      case DELTA_BYTE_ARRAY:
        if (physical == Type.FIXED_LEN_BYTE_ARRAY) {
          binaries.reset();
          deltaByteArrayValues.read(binaries, n);
          binariesToFixed(n);
        } else {
          deltaByteArrayValues.read(binaries, n);
        }
        break;
      case BYTE_STREAM_SPLIT:
        readByteStreamSplit(n);
        break;
      default:
        throw new CorruptPageException("encoding " + encoding + " not supported yet");
    }
  }

  private void readPlain(int n) {
    switch (physical) {
      case BOOLEAN:
        PlainValues.readBooleans(data, valuePos, valueEnd, booleanBit, ints, n);
        booleanBit += n;
        break;
      case INT32:
      case FLOAT:
        valuePos = PlainValues.readInts(data, valuePos, valueEnd, ints, n);
        break;
      case INT64:
      case DOUBLE:
        valuePos = PlainValues.readLongs(data, valuePos, valueEnd, longs, n);
        break;
      case INT96:
      case FIXED_LEN_BYTE_ARRAY:
        valuePos = PlainValues.readFixed(data, valuePos, valueEnd, fixed, n, fixedWidth);
        break;
      default:
        valuePos = PlainValues.readBinaries(data, valuePos, valueEnd, binaries, n);
    }
  }

  /** Dictionary indices of the next n values into {@link #ints}, checked against the dictionary. */
  private void readIndices(int n) {
    if (ints.length < n) {
      ints = new int[Math.max(n, levels.length)];
    }
    rleValues.readInts(ints, 0, n);
    dictionary.checkIndices(ints, n);
  }

  /** Replaces the indices in {@link #ints} by their dictionary values. */
  private void gather(int n) {
    Dictionary dict = dictionary;
    switch (physical) {
      case INT32:
      case FLOAT:
        for (int j = 0; j < n; j++) {
          ints[j] = dict.ints[ints[j]];
        }
        break;
      case INT64:
      case DOUBLE:
        for (int j = 0; j < n; j++) {
          longs[j] = dict.longs[ints[j]];
        }
        break;
      case INT96:
      case FIXED_LEN_BYTE_ARRAY:
        for (int j = 0; j < n; j++) {
          System.arraycopy(dict.fixed, ints[j] * fixedWidth, fixed, j * fixedWidth, fixedWidth);
        }
        break;
      case BYTE_ARRAY: {
        byte[] bytes = dict.binaries.data();
        int[] offsets = dict.binaries.offsets();
        for (int j = 0; j < n; j++) {
          int index = ints[j];
          binaries.append(bytes, offsets[index], offsets[index + 1] - offsets[index]);
        }
        break;
      }
      default:
        throw new CorruptPageException("dictionary encoding for a " + physical + " column");
    }
  }

  private void binariesToFixed(int n) {
    for (int j = 0; j < n; j++) {
      if (binaries.length(j) != fixedWidth) {
        throw new CorruptPageException("DELTA_BYTE_ARRAY value of " + binaries.length(j)
            + " bytes in a FIXED_LEN_BYTE_ARRAY(" + fixedWidth + ") column");
      }
      System.arraycopy(binaries.data(), binaries.offsets()[j], fixed, j * fixedWidth, fixedWidth);
    }
  }

  private void readByteStreamSplit(int n) {
    int width = physicalWidth();
    byte[] plain = new byte[n * width];
    byteStreamSplitValues.read(plain, 0, n);
    switch (physical) {
      case INT32:
      case FLOAT:
        PlainValues.readInts(plain, 0, plain.length, ints, n);
        break;
      case INT64:
      case DOUBLE:
        PlainValues.readLongs(plain, 0, plain.length, longs, n);
        break;
      default:
        System.arraycopy(plain, 0, fixed, 0, plain.length);
    }
  }
}
