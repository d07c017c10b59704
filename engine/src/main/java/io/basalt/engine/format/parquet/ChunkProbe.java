package io.basalt.engine.format.parquet;

import io.basalt.engine.format.parquet.index.ParquetBloomFilter;
import io.basalt.engine.pushdown.ValueDomain;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Type;

/**
 * Looks inside one column chunk without decoding its data pages, to decide equality-style
 * predicates that min/max cannot: the chunk's dictionary, when every data page is
 * dictionary-encoded (then the dictionary is exactly the set of values), and its bloom filter.
 */
public final class ChunkProbe {
  private ChunkProbe() {}

  /**
   * Every distinct non-null value of the chunk as native values (as {@link StatisticsValues}
   * produces them), or null when some data page is not dictionary-encoded, the encodings are not
   * recorded, or the values have no native form.
   *
   * @throws ParquetException naming the file when the dictionary page cannot be read
   */
  public static List<Object> dictionaryValues(ParquetFileMetadata file, int rowGroup,
      ParquetColumn column) throws ParquetException {
    ColumnMetaData meta = file.thrift().getRow_groups().get(rowGroup).getColumns()
        .get(column.leafIndex()).getMeta_data();
    if (meta == null || !fullyDictionaryEncoded(meta)) {
      return null;
    }
    if (StatisticsValues.decode(column, sample(column)) == null) {
      return null; // a type statistics cannot express (binary, INT96, time, UUID)
    }
    try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
      Page page = new ColumnChunkReader(channel, file.fileSize(), meta).next();
      if (page == null || page.kind != Page.Kind.DICTIONARY) {
        return null;
      }
      Type physical = column.element().getType();
      int width = physical == Type.FIXED_LEN_BYTE_ARRAY ? column.element().getType_length()
          : physical == Type.INT96 ? 12 : 0;
      Dictionary dictionary = Dictionary.decode(page, physical, width);
      List<Object> values = new ArrayList<>(dictionary.size);
      for (int i = 0; i < dictionary.size; i++) {
        values.add(StatisticsValues.decode(column, plainBytes(dictionary, i)));
      }
      return values;
    } catch (IOException | RuntimeException e) {
      throw new ParquetException(file.path(), "row group " + rowGroup + ", column "
          + column.name() + ": cannot read the dictionary page (" + e.getMessage() + ")", e);
    }
  }

  private static boolean fullyDictionaryEncoded(ColumnMetaData meta) {
    List<PageEncodingStats> stats = meta.getEncoding_stats();
    if (stats == null || stats.isEmpty()) {
      return false; // without encoding stats a PLAIN fallback page cannot be ruled out
    }
    boolean dictionaryPage = false;
    for (PageEncodingStats s : stats) {
      if (s.getPage_type() == PageType.DICTIONARY_PAGE) {
        dictionaryPage = true;
      } else if ((s.getPage_type() == PageType.DATA_PAGE
          || s.getPage_type() == PageType.DATA_PAGE_V2) && s.getCount() > 0
          && s.getEncoding() != Encoding.PLAIN_DICTIONARY
          && s.getEncoding() != Encoding.RLE_DICTIONARY) {
        return false;
      }
    }
    return dictionaryPage;
  }

  /** A well-formed PLAIN value of the column's physical type, to ask whether it decodes at all. */
  private static byte[] sample(ParquetColumn column) {
    return switch (column.element().getType()) {
      case BOOLEAN -> new byte[1];
      case INT32, FLOAT -> new byte[4];
      case INT64, DOUBLE -> new byte[8];
      case INT96 -> new byte[12];
      case FIXED_LEN_BYTE_ARRAY -> new byte[Math.max(1, column.element().getType_length())];
      case BYTE_ARRAY -> new byte[] {'a'};
    };
  }

  private static byte[] plainBytes(Dictionary d, int i) {
    if (d.ints != null) {
      return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(d.ints[i]).array();
    }
    if (d.longs != null) {
      return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(d.longs[i]).array();
    }
    if (d.fixed != null) {
      return java.util.Arrays.copyOfRange(d.fixed, i * d.width, (i + 1) * d.width);
    }
    int start = d.binaries.offsets()[i];
    return java.util.Arrays.copyOfRange(d.binaries.data(), start, start + d.binaries.length(i));
  }

  /**
   * The chunk's bloom filter, or null when it has none (or one this reader does not support).
   *
   * @throws ParquetException naming the file when the filter is corrupt
   */
  public static ParquetBloomFilter bloomFilter(ParquetFileMetadata file, int rowGroup,
      ParquetColumn column) throws ParquetException {
    ColumnMetaData meta = file.thrift().getRow_groups().get(rowGroup).getColumns()
        .get(column.leafIndex()).getMeta_data();
    if (meta == null || !meta.isSetBloom_filter_offset()) {
      return null;
    }
    try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
      return ParquetBloomFilter.read(channel, meta);
    } catch (IOException e) {
      throw new ParquetException(file.path(), "row group " + rowGroup + ", column "
          + column.name() + ": corrupt bloom filter (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The bloom filter hashes under which a row of {@code column} equal to {@code value} (of
   * {@code domain}) would have been stored; an empty array when no stored value can equal it;
   * null when the filter cannot decide (the equality is not one of stored values).
   */
  public static long[] bloomHashes(ParquetColumn column, ValueDomain domain, Object value) {
    ArrowType type = column.arrowField().getType();
    Type physical = column.element().getType();
    ValueTarget target = ValueTarget.of(column);
    try {
      switch (domain) {
        case EXACT: {
          BigDecimal v = (BigDecimal) value;
          if (type instanceof ArrowType.Int && (target == ValueTarget.COPY4
              || target == ValueTarget.INT8 || target == ValueTarget.INT16)) {
            return new long[] {ParquetBloomFilter.hash(v.intValueExact())};
          }
          if (type instanceof ArrowType.Int && target == ValueTarget.COPY8) {
            return new long[] {ParquetBloomFilter.hash(v.longValueExact())};
          }
          if (type instanceof ArrowType.Decimal dec) {
            BigInteger unscaled;
            try {
              unscaled = v.setScale(dec.getScale()).unscaledValue();
            } catch (ArithmeticException e) {
              return new long[0]; // more fractional digits than the column: equals no value
            }
            if (target == ValueTarget.DECIMAL_FROM_INT32) {
              return new long[] {ParquetBloomFilter.hash(unscaled.intValueExact())};
            }
            if (target == ValueTarget.DECIMAL_FROM_INT64) {
              return new long[] {ParquetBloomFilter.hash(unscaled.longValueExact())};
            }
            if (target == ValueTarget.DECIMAL_FROM_FIXED) {
              return new long[] {ParquetBloomFilter.hash(
                  twosComplement(unscaled, column.element().getType_length()))};
            }
          }
          return null;
        }
        case APPROX: {
          double d = (Double) value;
          if (Double.isNaN(d)) {
            return null;
          }
          if (physical == Type.DOUBLE) {
            return d == 0.0 ? new long[] {ParquetBloomFilter.hash(0.0), ParquetBloomFilter.hash(-0.0)}
                : new long[] {ParquetBloomFilter.hash(d)};
          }
          if (physical == Type.FLOAT) {
            float f = (float) d;
            if (f != d) {
              return new long[0];
            }
            return f == 0.0f ? new long[] {ParquetBloomFilter.hash(0.0f), ParquetBloomFilter.hash(-0.0f)}
                : new long[] {ParquetBloomFilter.hash(f)};
          }
          return null;
        }
        case STRING:
          return target == ValueTarget.COPY_BINARY
              ? new long[] {ParquetBloomFilter.hash((byte[]) value)} : null;
        case DATE:
          return type instanceof ArrowType.Date && physical == Type.INT32
              ? new long[] {ParquetBloomFilter.hash(Math.toIntExact((Long) value))} : null;
        case TIMESTAMP:
          // Only millisecond columns store exactly the SQL value; finer units round down to it.
          return type instanceof ArrowType.Timestamp ts && ts.getUnit() == TimeUnit.MILLISECOND
              && physical == Type.INT64 ? new long[] {ParquetBloomFilter.hash((Long) value)} : null;
        default:
          return null;
      }
    } catch (ArithmeticException e) {
      return new long[0]; // out of the column's range: no stored value equals it
    }
  }

  private static byte[] twosComplement(BigInteger value, int width) {
    byte[] minimal = value.toByteArray();
    if (minimal.length > width) {
      throw new ArithmeticException("does not fit");
    }
    byte[] out = new byte[width];
    byte fill = (byte) (value.signum() < 0 ? 0xFF : 0);
    java.util.Arrays.fill(out, 0, width - minimal.length, fill);
    System.arraycopy(minimal, 0, out, width - minimal.length, minimal.length);
    return out;
  }
}
