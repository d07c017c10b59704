package io.basalt.planner.write;

import io.basalt.engine.write.WriteFormat;
import io.basalt.engine.write.WriteOptions;
import io.basalt.sql.ddl.SqlCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * Turns the options of {@code COPY ... TO 'path' (...)} into {@link WriteOptions}: {@code FORMAT
 * parquet|csv} (default: from the path's extension, else Parquet), {@code COMPRESSION
 * zstd|snappy|gzip|none} (default zstd for Parquet, none for CSV unless the path ends in {@code .gz}
 * or {@code .zst}), {@code ROW_GROUP_SIZE n} (rows), {@code PARTITION_BY (col, ...)}, {@code
 * OVERWRITE [true|false]} and {@code MAX_OPEN_FILES n} (partition files open at once, default 32).
 */
final class CopyOptionsParser {
  private CopyOptionsParser() {}

  static WriteOptions parse(List<SqlCopyOption> options, String target) {
    String lower = target.toLowerCase(Locale.ROOT);
    WriteFormat format = lower.matches(".*\\.(csv|tsv)(\\.gz|\\.zst)?$") ? WriteFormat.CSV : WriteFormat.PARQUET;
    WriteFormat.Compression compression = null;
    int rowGroupRows = WriteOptions.defaults(WriteFormat.PARQUET).rowGroupRows();
    List<String> partitionBy = new ArrayList<>();
    boolean overwrite = false;
    int maxOpenFiles = WriteOptions.DEFAULT_MAX_OPEN_FILES;
    for (SqlCopyOption o : options) {
      switch (o.name()) {
        case "FORMAT" -> format = WriteFormat.parse(text(o));
        case "COMPRESSION", "CODEC" -> compression = WriteFormat.Compression.parse(text(o));
        case "ROW_GROUP_SIZE" -> rowGroupRows = integer(o);
        case "PARTITION_BY" -> partitionBy.addAll(names(o));
        case "OVERWRITE", "OVERWRITE_OR_IGNORE" -> overwrite = o.value() == null || bool(o);
        case "MAX_OPEN_FILES" -> maxOpenFiles = integer(o);
        default -> throw new IllegalArgumentException("unknown COPY option " + o.name()
            + ": use FORMAT, COMPRESSION, ROW_GROUP_SIZE, PARTITION_BY, OVERWRITE or MAX_OPEN_FILES");
      }
    }
    if (compression == null) {
      compression = format == WriteFormat.PARQUET ? WriteFormat.Compression.ZSTD
          : lower.endsWith(".gz") ? WriteFormat.Compression.GZIP
          : lower.endsWith(".zst") ? WriteFormat.Compression.ZSTD
          : WriteFormat.Compression.NONE;
    }
    return new WriteOptions(format, compression, rowGroupRows, partitionBy, overwrite, maxOpenFiles);
  }

  private static String text(SqlCopyOption o) {
    SqlNode v = require(o);
    if (v instanceof SqlIdentifier id && id.isSimple()) {
      return id.getSimple();
    }
    if (v instanceof SqlLiteral literal) {
      String s = literal.getValueAs(String.class);
      if (s != null) {
        return s;
      }
    }
    throw new IllegalArgumentException("COPY option " + o.name() + " expects a name, got " + v);
  }

  private static int integer(SqlCopyOption o) {
    SqlNode v = require(o);
    if (v instanceof SqlLiteral literal && literal.getValue() instanceof java.math.BigDecimal n) {
      try {
        return n.intValueExact();
      } catch (ArithmeticException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("COPY option " + o.name() + " expects a whole number, got " + v);
  }

  private static boolean bool(SqlCopyOption o) {
    if (o.value() instanceof SqlLiteral literal && literal.getValue() instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("COPY option " + o.name() + " expects true or false, got " + o.value());
  }

  private static List<String> names(SqlCopyOption o) {
    SqlNode v = require(o);
    List<String> out = new ArrayList<>();
    if (v instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        out.add(((SqlIdentifier) n).getSimple());
      }
    } else if (v instanceof SqlIdentifier id && id.isSimple()) {
      out.add(id.getSimple());
    } else {
      throw new IllegalArgumentException("PARTITION_BY expects column names, e.g. PARTITION_BY (year, region)");
    }
    return out;
  }

  private static SqlNode require(SqlCopyOption o) {
    if (o.value() == null) {
      throw new IllegalArgumentException("COPY option " + o.name() + " needs a value");
    }
    return o.value();
  }
}
