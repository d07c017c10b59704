package io.basalt.engine.format.csv;

import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/** One column of a CSV dataset: its name and the type its values are converted to. */
public record CsvColumn(String name, CsvType type) {
  public CsvColumn {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(type, "type is null");
  }

  public Field field() {
    return type.field(name);
  }
}
