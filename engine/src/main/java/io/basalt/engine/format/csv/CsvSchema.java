package io.basalt.engine.format.csv;

import java.util.List;

/**
 * The outcome of sniffing: the dialect every file is read with, the columns, and an estimate of
 * the bytes one record takes (for row-count estimates).
 */
public record CsvSchema(CsvDialect dialect, List<CsvColumn> columns, double bytesPerRecord) {
  public CsvSchema {
    columns = List.copyOf(columns);
  }
}
