package io.basalt.cli.tpch;

import java.nio.file.Path;

/**
 * One table written by {@link TpchParquetGenerator}.
 *
 * @param name TPC-H table name, e.g. {@code lineitem}
 * @param file the Parquet file
 * @param rows number of rows written
 */
public record GeneratedTable(String name, Path file, long rows) {}
