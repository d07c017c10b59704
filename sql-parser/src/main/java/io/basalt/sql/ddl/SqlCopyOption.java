package io.basalt.sql.ddl;

import java.util.Locale;
import java.util.Objects;
import org.apache.calcite.sql.SqlNode;

/**
 * One option of {@code COPY ... TO ... (name value, ...)}: its name (upper case) and its value as
 * parsed — an identifier ({@code FORMAT parquet}), a literal ({@code ROW_GROUP_SIZE 100000}), a
 * list of identifiers ({@code PARTITION_BY (a, b)}) or null when only the name is given ({@code
 * OVERWRITE}).
 */
public record SqlCopyOption(String name, SqlNode value) {
  public SqlCopyOption {
    name = Objects.requireNonNull(name, "name is null").toUpperCase(Locale.ROOT);
  }
}
