package io.basalt.engine.catalog;

import org.apache.arrow.vector.types.pojo.Field;

/**
 * One column of a dataset: a file column merged across files, or a hive partition column.
 *
 * @param name column name as written in the files or the directory names
 * @param field the Arrow field rows decode into; null when the column is not supported yet
 * @param unsupportedReason why the column cannot be read (null when supported)
 * @param partition true for a {@code key=value} directory column
 */
public record DatasetColumn(String name, Field field, String unsupportedReason, boolean partition) {
  public boolean isSupported() {
    return unsupportedReason == null;
  }
}
