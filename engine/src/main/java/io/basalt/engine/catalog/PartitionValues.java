package io.basalt.engine.catalog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Hive-style partition values from the {@code key=value} directory levels between a dataset root
 * and a file, and the type inference over all of a key's values (BIGINT if every value is an
 * integer, DATE if every value is an ISO date, VARCHAR otherwise), as DuckDB and Spark do.
 */
public final class PartitionValues {
  /** Spark and Hive write this directory name for a null partition value. */
  public static final String HIVE_NULL = "__HIVE_DEFAULT_PARTITION__";

  private PartitionValues() {}

  /** Ordered key → raw (decoded) value, or null for the hive null marker. */
  public static Map<String, String> parse(Path root, Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    Path relative = root.relativize(file.getParent() == null ? file : file.getParent());
    for (Path part : relative) {
      String s = part.toString();
      int eq = s.indexOf('=');
      if (eq > 0) {
        String raw = URLDecoder.decode(s.substring(eq + 1), StandardCharsets.UTF_8);
        values.put(s.substring(0, eq), HIVE_NULL.equals(raw) ? null : raw);
      }
    }
    return values;
  }

  /** The narrowest type every non-null value fits. */
  public static ArrowType inferType(List<String> values) {
    boolean allLong = true;
    boolean allDate = true;
    for (String v : values) {
      if (v == null) {
        continue;
      }
      if (allLong && !isLong(v)) {
        allLong = false;
      }
      if (allDate && !isDate(v)) {
        allDate = false;
      }
    }
    if (allLong) {
      return new ArrowType.Int(64, true);
    }
    if (allDate) {
      return new ArrowType.Date(DateUnit.DAY);
    }
    return ArrowType.Utf8.INSTANCE;
  }

  /** Converts raw values to Long, Integer (epoch days) or String per the inferred type. */
  public static List<Object> convert(List<String> values, ArrowType type) {
    List<Object> out = new ArrayList<>(values.size());
    for (String v : values) {
      if (v == null) {
        out.add(null);
      } else if (type instanceof ArrowType.Int) {
        out.add(Long.parseLong(v.trim()));
      } else if (type instanceof ArrowType.Date) {
        out.add((int) LocalDate.parse(v.trim()).toEpochDay());
      } else {
        out.add(v);
      }
    }
    return out;
  }

  private static boolean isLong(String v) {
    try {
      Long.parseLong(v.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isDate(String v) {
    try {
      LocalDate.parse(v.trim());
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
