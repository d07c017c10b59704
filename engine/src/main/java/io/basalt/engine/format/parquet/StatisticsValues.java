package io.basalt.engine.format.parquet;

import io.basalt.engine.pushdown.ColumnStatistics;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnIndex;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.ColumnOrder;
import org.apache.parquet.format.Statistics;

/**
 * Decodes Parquet statistics (chunk statistics and column index entries) into the native values
 * the pruner compares: Long for integers, dates and timestamps (in the column's unit), BigDecimal,
 * Double, UTF-8 byte[] and Boolean — or null where a bound cannot be trusted.
 *
 * <p>Which bounds are trusted: {@code min_value}/{@code max_value} (type-defined order) for every
 * type, unless the footer declares another column order; the deprecated {@code min}/{@code max}
 * only where their signed order is the type's order (signed integers, floats, booleans), since old
 * writers compared strings, unsigned integers and decimal bytes as signed. A NaN bound, INT96 and
 * TIME columns, binary and UUID columns give no bounds.
 */
public final class StatisticsValues {
  private StatisticsValues() {}

  /** What a row group's chunk statistics say about {@code column}; never null. */
  public static ColumnStatistics chunk(ParquetFileMetadata file, ParquetColumn column,
      int rowGroup) {
    long rows = file.rowGroupRowCount(rowGroup);
    ColumnChunk chunk = file.thrift().getRow_groups().get(rowGroup).getColumns()
        .get(column.leafIndex());
    ColumnMetaData meta = chunk.getMeta_data();
    Statistics stats = meta == null ? null : meta.getStatistics();
    if (stats == null) {
      return new ColumnStatistics(null, null, -1, rows);
    }
    long nulls = stats.isSetNull_count() ? stats.getNull_count() : -1;
    Object min = null;
    Object max = null;
    if (typeDefinedOrder(file, column) && stats.isSetMin_value() && stats.isSetMax_value()) {
      min = decode(column, stats.getMin_value());
      max = decode(column, stats.getMax_value());
    } else if (legacyOrderIsTypeOrder(column) && stats.isSetMin() && stats.isSetMax()) {
      min = decode(column, stats.getMin());
      max = decode(column, stats.getMax());
    }
    if (min == null || max == null) {
      min = null;
      max = null;
    }
    return new ColumnStatistics(min, max, nulls, rows);
  }

  /**
   * What the column index says about each page; {@code firstRows} holds each page's first row
   * (from the offset index) and {@code rowCount} the row group's rows. Null when the index does
   * not describe the same number of pages.
   */
  public static List<ColumnStatistics> pages(ParquetFileMetadata file, ParquetColumn column,
      ColumnIndex index, long[] firstRows, long rowCount) {
    int n = index.getNull_pagesSize();
    if (n != firstRows.length || index.getMin_valuesSize() != n || index.getMax_valuesSize() != n
        || (index.isSetNull_counts() && index.getNull_countsSize() != n)) {
      return null;
    }
    boolean trusted = typeDefinedOrder(file, column);
    ColumnStatistics[] out = new ColumnStatistics[n];
    for (int p = 0; p < n; p++) {
      long rows = (p + 1 < n ? firstRows[p + 1] : rowCount) - firstRows[p];
      boolean nullPage = index.getNull_pages().get(p);
      long nulls = nullPage ? rows : index.isSetNull_counts() ? index.getNull_counts().get(p) : -1;
      Object min = null;
      Object max = null;
      if (!nullPage && trusted) {
        min = decode(column, index.getMin_values().get(p).array());
        max = decode(column, index.getMax_values().get(p).array());
        if (min == null || max == null) {
          min = null;
          max = null;
        }
      }
      out[p] = new ColumnStatistics(min, max, nulls, rows);
    }
    return List.of(out);
  }

  private static boolean typeDefinedOrder(ParquetFileMetadata file, ParquetColumn column) {
    List<ColumnOrder> orders = file.thrift().getColumn_orders();
    if (orders == null || column.leafIndex() >= orders.size()) {
      return true; // min_value/max_value are defined as type-ordered whenever they are written
    }
    return orders.get(column.leafIndex()).isSetTYPE_ORDER();
  }

  private static boolean legacyOrderIsTypeOrder(ParquetColumn column) {
    ValueTarget target = ValueTarget.of(column);
    return switch (target) {
      case BOOL, INT8, INT16, COPY4, COPY8, DECIMAL_FROM_INT32, DECIMAL_FROM_INT64 ->
          !(column.arrowField().getType() instanceof ArrowType.Time);
      default -> false;
    };
  }

  /** One PLAIN-encoded statistics value of {@code column} as a native value, or null. */
  static Object decode(ParquetColumn column, byte[] bytes) {
    if (bytes == null || !column.isSupported()) {
      return null;
    }
    ArrowType type = column.arrowField().getType();
    if (type instanceof ArrowType.Time || type instanceof ArrowType.Binary
        || type instanceof ArrowType.FixedSizeBinary) {
      return null;
    }
    ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      switch (ValueTarget.of(column)) {
        case BOOL:
          return bytes.length >= 1 ? bytes[0] != 0 : null;
        case INT8, INT16, UINT8_TO_INT16, UINT16_TO_INT32:
          return bytes.length == 4 ? (long) le.getInt() : null;
        case UINT32_TO_INT64:
          return bytes.length == 4 ? Integer.toUnsignedLong(le.getInt()) : null;
        case COPY4:
          if (bytes.length != 4) {
            return null;
          }
          if (type instanceof ArrowType.FloatingPoint) {
            float f = le.getFloat();
            return Float.isNaN(f) ? null : (double) f;
          }
          return (long) le.getInt();
        case COPY8:
          if (bytes.length != 8) {
            return null;
          }
          if (type instanceof ArrowType.FloatingPoint) {
            double d = le.getDouble();
            return Double.isNaN(d) ? null : d;
          }
          return le.getLong();
        case DECIMAL_FROM_INT32:
          return bytes.length == 4
              ? BigDecimal.valueOf(le.getInt(), ((ArrowType.Decimal) type).getScale()) : null;
        case DECIMAL_FROM_INT64:
          return bytes.length == 8
              ? BigDecimal.valueOf(le.getLong(), ((ArrowType.Decimal) type).getScale()) : null;
        case DECIMAL_FROM_UINT64:
          return bytes.length == 8
              ? new BigDecimal(new BigInteger(Long.toUnsignedString(le.getLong()))) : null;
        case DECIMAL_FROM_FIXED, DECIMAL_FROM_BINARY:
          return bytes.length == 0 ? null
              : new BigDecimal(new BigInteger(bytes), ((ArrowType.Decimal) type).getScale());
        case COPY_BINARY:
          return type instanceof ArrowType.Utf8 ? bytes : null;
        default:
          return null; // INT96 has no defined order; UUID text order is not byte order
      }
    } catch (RuntimeException e) {
      return null;
    }
  }
}
