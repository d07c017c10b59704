package io.basalt.engine.format.parquet;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.format.SchemaElement;

/**
 * One top-level column of a Parquet file as Basalt sees it: its name, the Arrow field it decodes
 * into, and how to find and decode its column chunk.
 *
 * <p>Arrow types produced (the SQL layer maps these one to one): Bool; Int(8|16|32|64, signed) —
 * unsigned INT8/16/32 widen to the next signed width and UINT64 becomes Decimal(20,0); FloatingPoint
 * SINGLE/DOUBLE; Decimal(p,s) for every DECIMAL storage (INT32, INT64, FIXED_LEN_BYTE_ARRAY,
 * BYTE_ARRAY); Utf8 for STRING/ENUM/JSON/UUID (UUID as its canonical 36-char text); Binary for
 * BYTE_ARRAY without annotation; FixedSizeBinary(n) for plain FIXED_LEN_BYTE_ARRAY; Date(DAY);
 * Time(MILLI|MICRO|NANO); Timestamp(MILLI|MICRO|NANO, tz = "UTC" when adjusted to UTC, else null);
 * INT96 as Timestamp(NANO, null). Every field is nullable unless the column is REQUIRED.
 *
 * <p>Nested columns (LIST, MAP, STRUCT, repeated fields) are listed with {@link #isSupported()}
 * false, so that the rest of the file stays queryable; asking a reader for one fails with {@link
 * #unsupportedReason()}.
 */
public final class ParquetColumn {
  private final String name;
  private final Field arrowField;
  private final String unsupportedReason;
  private final int leafIndex;
  private final SchemaElement element;
  private final int maxDefinitionLevel;

  ParquetColumn(String name, Field arrowField, String unsupportedReason, int leafIndex,
      SchemaElement element, int maxDefinitionLevel) {
    this.name = name;
    this.arrowField = arrowField;
    this.unsupportedReason = unsupportedReason;
    this.leafIndex = leafIndex;
    this.element = element;
    this.maxDefinitionLevel = maxDefinitionLevel;
  }

  public String name() {
    return name;
  }

  /** The Arrow field this column decodes into; null when the column is unsupported. */
  public Field arrowField() {
    return arrowField;
  }

  public boolean isSupported() {
    return unsupportedReason == null;
  }

  /** E.g. {@code not supported yet: column tags of type LIST}; null when supported. */
  public String unsupportedReason() {
    return unsupportedReason;
  }

  /** Index of this column's chunk in each row group; -1 for nested (group) columns. */
  public int leafIndex() {
    return leafIndex;
  }

  /** The schema element of the leaf (for supported columns) or of the group (nested columns). */
  public SchemaElement element() {
    return element;
  }

  /** 0 for REQUIRED columns, 1 for OPTIONAL top-level columns. */
  public int maxDefinitionLevel() {
    return maxDefinitionLevel;
  }

  @Override
  public String toString() {
    return name + (isSupported() ? " " + arrowField.getType() : " (" + unsupportedReason + ")");
  }
}
