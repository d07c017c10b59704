package io.basalt.cli.tpch;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * How one TPC-H column is stored in Parquet: its SQL-facing kind and how to get the exact value
 * from the generator.
 *
 * @param source the generator column the values come from
 * @param kind the stored type
 */
record TpchColumnLayout<E extends TpchEntity>(TpchColumn<E> source, Kind kind) {
  /** Stored column types. Every column is NOT NULL, as in the TPC-H specification. */
  enum Kind {
    BIGINT(new ArrowType.Int(64, true)),
    INTEGER(new ArrowType.Int(32, true)),
    /** DECIMAL(15,2), the specification's type for money and quantities. */
    DECIMAL(new ArrowType.Decimal(15, 2, 128)),
    DATE(new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY)),
    VARCHAR(new ArrowType.Utf8());

    private final ArrowType arrowType;

    Kind(ArrowType arrowType) {
      this.arrowType = arrowType;
    }

    ArrowType arrowType() {
      return arrowType;
    }
  }

  String name() {
    return source.getColumnName();
  }

  Field field() {
    return new Field(name(), FieldType.notNullable(kind.arrowType()), null);
  }

  /** The value of an {@link Kind#INTEGER} column, which the generator may hold as an identifier. */
  int intValue(E row) {
    if (source.getType().getBase() == TpchColumnType.Base.IDENTIFIER) {
      return Math.toIntExact(source.getIdentifier(row));
    }
    return source.getInteger(row);
  }

  /**
   * The exact unscaled DECIMAL(15,2) value for {@code row}: the generator keeps money and
   * quantities as integer hundredths and exposes them through getIdentifier, so no double is
   * involved.
   */
  long unscaledCents(E row) {
    return source.getIdentifier(row);
  }
}
