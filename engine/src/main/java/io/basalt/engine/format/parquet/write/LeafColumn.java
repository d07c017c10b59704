package io.basalt.engine.format.parquet.write;

import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;

/**
 * One flat column of the file: its name, its schema element in the footer and whether it may
 * hold nulls (which decides if definition levels are written).
 */
record LeafColumn(String name, SchemaElement element, boolean nullable) {
  Type physicalType() {
    return element.getType();
  }
}
