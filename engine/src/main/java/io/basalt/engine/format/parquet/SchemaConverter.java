package io.basalt.engine.format.parquet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;

/**
 * Turns the flattened Thrift schema (a depth-first list of {@link SchemaElement}s) into top-level
 * {@link ParquetColumn}s. Leaves are counted across the whole tree, because a row group holds one
 * column chunk per leaf, nested ones included.
 */
final class SchemaConverter {
  private static final int MAX_DECIMAL_PRECISION = 38;

  private final Path file;
  private List<SchemaElement> elements;
  private int next;
  private int leaves;

  SchemaConverter(Path file) {
    this.file = file;
  }

  List<ParquetColumn> convert(List<SchemaElement> schema) throws ParquetException {
    this.elements = schema;
    this.next = 1;
    this.leaves = 0;
    SchemaElement root = schema.get(0);
    int children = root.isSetNum_children() ? root.getNum_children() : 0;
    List<ParquetColumn> columns = new ArrayList<>(Math.max(0, Math.min(children, schema.size())));
    for (int i = 0; i < children; i++) {
      columns.add(convertTopLevel());
    }
    if (next != schema.size()) {
      throw corrupt("the schema lists " + schema.size() + " elements but its tree uses " + next);
    }
    return columns;
  }

  private ParquetColumn convertTopLevel() throws ParquetException {
    SchemaElement element = take();
    String name = element.getName();
    int maxDef = element.getRepetition_type() == FieldRepetitionType.REQUIRED ? 0 : 1;
    if (isGroup(element)) {
      skipChildren(element);
      String kind = groupKind(element);
      return new ParquetColumn(name, null, unsupported(name, kind), -1, element, maxDef);
    }
    int leafIndex = leaves++;
    if (!element.isSetType()) {
      throw corrupt("column " + name + " has neither a physical type nor children");
    }
    if (element.getRepetition_type() == FieldRepetitionType.REPEATED) {
      return new ParquetColumn(name, null, unsupported(name, "repeated " + element.getType()),
          leafIndex, element, maxDef);
    }
    ArrowType arrowType;
    try {
      arrowType = arrowType(element);
    } catch (UnsupportedTypeException e) {
      return new ParquetColumn(name, null, unsupported(name, e.getMessage()), leafIndex, element,
          maxDef);
    }
    Field field = new Field(name, new FieldType(maxDef == 1, arrowType, null), null);
    return new ParquetColumn(name, field, null, leafIndex, element, maxDef);
  }

  private static String unsupported(String name, String type) {
    return "not supported yet: column " + name + " of type " + type;
  }

  private SchemaElement take() throws ParquetException {
    if (next >= elements.size()) {
      throw corrupt("a group announces more children than the schema holds");
    }
    return elements.get(next++);
  }

  private static boolean isGroup(SchemaElement element) {
    // Some writers set num_children = 0 on leaves, so the physical type decides when present.
    return !element.isSetType() && element.isSetNum_children();
  }

  /** Skips a group's subtree, counting its leaves so that later leaf indexes stay right. */
  private void skipChildren(SchemaElement group) throws ParquetException {
    int children = group.getNum_children();
    if (children < 0) {
      throw corrupt("group " + group.getName() + " has a negative child count");
    }
    for (int i = 0; i < children; i++) {
      SchemaElement child = take();
      if (isGroup(child)) {
        skipChildren(child);
      } else {
        leaves++;
      }
    }
  }

  private static String groupKind(SchemaElement group) {
    LogicalType logical = group.getLogicalType();
    ConvertedType converted = group.getConverted_type();
    if ((logical != null && logical.isSetLIST()) || converted == ConvertedType.LIST
        || group.getRepetition_type() == FieldRepetitionType.REPEATED) {
      return "LIST";
    }
    if ((logical != null && logical.isSetMAP()) || converted == ConvertedType.MAP
        || converted == ConvertedType.MAP_KEY_VALUE) {
      return "MAP";
    }
    return "STRUCT";
  }

  private ParquetException corrupt(String problem) {
    return new ParquetException(file, "corrupt schema in the footer: " + problem);
  }

  /** Thrown (and caught above) for a leaf whose type Basalt cannot decode yet. */
  private static final class UnsupportedTypeException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsupportedTypeException(String type) {
      super(type, null, false, false);
    }
  }

  /** The Arrow type of a primitive leaf, following the mapping in {@link ParquetColumn}. */
  static ArrowType arrowType(SchemaElement element) throws UnsupportedTypeException {
    Type physical = element.getType();
    LogicalType logical = element.getLogicalType();
    ConvertedType converted = element.getConverted_type();
    if (logical != null && logical.isSetDECIMAL()) {
      return decimal(element, logical.getDECIMAL().getPrecision(), logical.getDECIMAL().getScale());
    }
    if (logical == null && converted == ConvertedType.DECIMAL) {
      return decimal(element, element.getPrecision(), element.getScale());
    }
    switch (physical) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case INT32:
        return int32Type(element, logical, converted);
      case INT64:
        return int64Type(element, logical, converted);
      case INT96:
        return new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
      case FLOAT:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case BYTE_ARRAY:
        if (logical != null) {
          if (logical.isSetSTRING() || logical.isSetENUM() || logical.isSetJSON()) {
            return ArrowType.Utf8.INSTANCE;
          }
          return ArrowType.Binary.INSTANCE;
        }
        if (converted == ConvertedType.UTF8 || converted == ConvertedType.ENUM
            || converted == ConvertedType.JSON) {
          return ArrowType.Utf8.INSTANCE;
        }
        return ArrowType.Binary.INSTANCE;
      case FIXED_LEN_BYTE_ARRAY:
        if (!element.isSetType_length() || element.getType_length() < 0) {
          throw new UnsupportedTypeException("FIXED_LEN_BYTE_ARRAY without a valid length");
        }
        if (logical != null && logical.isSetUUID()) {
          if (element.getType_length() != 16) {
            throw new UnsupportedTypeException("UUID of " + element.getType_length() + " bytes");
          }
          return ArrowType.Utf8.INSTANCE;
        }
        return new ArrowType.FixedSizeBinary(element.getType_length());
      default:
        throw new UnsupportedTypeException(String.valueOf(physical));
    }
  }

  private static ArrowType decimal(SchemaElement element, int precision, int scale)
      throws UnsupportedTypeException {
    String type = "DECIMAL(" + precision + "," + scale + ")";
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
      throw new UnsupportedTypeException(type + " (precision must be 1..38)");
    }
    switch (element.getType()) {
      case INT32:
      case INT64:
      case BYTE_ARRAY:
        break;
      case FIXED_LEN_BYTE_ARRAY:
        if (!element.isSetType_length() || element.getType_length() > 16) {
          throw new UnsupportedTypeException(type + " stored in more than 16 bytes");
        }
        break;
      default:
        throw new UnsupportedTypeException(type + " stored as " + element.getType());
    }
    return new ArrowType.Decimal(precision, scale, 128);
  }

  private static ArrowType int32Type(SchemaElement element, LogicalType logical,
      ConvertedType converted) throws UnsupportedTypeException {
    if (logical != null) {
      if (logical.isSetINTEGER()) {
        int bits = logical.getINTEGER().getBitWidth();
        boolean signed = logical.getINTEGER().isIsSigned();
        if (bits == 8 || bits == 16 || bits == 32) {
          return signed ? new ArrowType.Int(bits, true) : new ArrowType.Int(bits * 2, true);
        }
        throw new UnsupportedTypeException("INT32 annotated as INTEGER(" + bits + ")");
      }
      if (logical.isSetDATE()) {
        return new ArrowType.Date(DateUnit.DAY);
      }
      if (logical.isSetTIME()) {
        if (logical.getTIME().getUnit().isSetMILLIS()) {
          return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
        }
        throw new UnsupportedTypeException("INT32 TIME with unit " + logical.getTIME().getUnit());
      }
      return new ArrowType.Int(32, true);
    }
    if (converted == null) {
      return new ArrowType.Int(32, true);
    }
    switch (converted) {
      case INT_8: return new ArrowType.Int(8, true);
      case INT_16: return new ArrowType.Int(16, true);
      case INT_32: return new ArrowType.Int(32, true);
      case UINT_8: return new ArrowType.Int(16, true);
      case UINT_16: return new ArrowType.Int(32, true);
      case UINT_32: return new ArrowType.Int(64, true);
      case DATE: return new ArrowType.Date(DateUnit.DAY);
      case TIME_MILLIS: return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      default: return new ArrowType.Int(32, true);
    }
  }

  private static ArrowType int64Type(SchemaElement element, LogicalType logical,
      ConvertedType converted) throws UnsupportedTypeException {
    if (logical != null) {
      if (logical.isSetINTEGER()) {
        int bits = logical.getINTEGER().getBitWidth();
        if (bits != 64) {
          throw new UnsupportedTypeException("INT64 annotated as INTEGER(" + bits + ")");
        }
        return logical.getINTEGER().isIsSigned() ? new ArrowType.Int(64, true)
            : new ArrowType.Decimal(20, 0, 128);
      }
      if (logical.isSetTIME()) {
        return new ArrowType.Time(unit(logical.getTIME().getUnit()), 64);
      }
      if (logical.isSetTIMESTAMP()) {
        return new ArrowType.Timestamp(unit(logical.getTIMESTAMP().getUnit()),
            logical.getTIMESTAMP().isIsAdjustedToUTC() ? "UTC" : null);
      }
      return new ArrowType.Int(64, true);
    }
    if (converted == null) {
      return new ArrowType.Int(64, true);
    }
    switch (converted) {
      case UINT_64: return new ArrowType.Decimal(20, 0, 128);
      case TIME_MICROS: return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
      // Legacy TIMESTAMP_* annotations mean instants (adjusted to UTC) per the format spec.
      case TIMESTAMP_MILLIS: return new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
      case TIMESTAMP_MICROS: return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
      default: return new ArrowType.Int(64, true);
    }
  }

  private static TimeUnit unit(org.apache.parquet.format.TimeUnit unit) {
    if (unit.isSetMILLIS()) {
      return TimeUnit.MILLISECOND;
    }
    if (unit.isSetMICROS()) {
      return TimeUnit.MICROSECOND;
    }
    return TimeUnit.NANOSECOND;
  }
}
