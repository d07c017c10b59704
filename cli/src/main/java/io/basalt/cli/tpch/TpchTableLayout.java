package io.basalt.cli.tpch;

import io.basalt.cli.tpch.TpchColumnLayout.Kind;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Parquet layout of one TPC-H table. Types follow the usual TPC-H DDL: keys BIGINT (the small
 * nation and region keys INTEGER), a few counts INTEGER, money and quantities DECIMAL(15,2),
 * dates DATE and everything else VARCHAR.
 */
final class TpchTableLayout<E extends TpchEntity> {
  private static final Set<String> INTEGER_COLUMNS =
      Set.of(
          "n_nationkey", "n_regionkey", "r_regionkey", "c_nationkey", "s_nationkey",
          "l_linenumber", "p_size", "ps_availqty", "o_shippriority");

  /** The generator keeps all of these as exact hundredths (quantities too: 17 is 1700). */
  private static final Set<String> DECIMAL_COLUMNS =
      Set.of(
          "l_quantity", "l_extendedprice", "l_discount", "l_tax", "o_totalprice", "c_acctbal", "s_acctbal",
          "ps_supplycost", "p_retailprice");

  private final TpchTable<E> table;
  private final List<TpchColumnLayout<E>> columns;

  private TpchTableLayout(TpchTable<E> table, List<TpchColumnLayout<E>> columns) {
    this.table = table;
    this.columns = columns;
  }

  static <E extends TpchEntity> TpchTableLayout<E> of(TpchTable<E> table) {
    List<TpchColumnLayout<E>> columns = new ArrayList<>();
    for (TpchColumn<E> column : table.getColumns()) {
      columns.add(layout(table, column));
    }
    return new TpchTableLayout<>(table, List.copyOf(columns));
  }

  private static <E extends TpchEntity> TpchColumnLayout<E> layout(
      TpchTable<E> table, TpchColumn<E> column) {
    String name = column.getColumnName();
    TpchColumnType.Base base = column.getType().getBase();
    if (DECIMAL_COLUMNS.contains(name)) {
      return new TpchColumnLayout<>(column, Kind.DECIMAL);
    }
    if (INTEGER_COLUMNS.contains(name)) {
      return new TpchColumnLayout<>(column, Kind.INTEGER);
    }
    switch (base) {
      case IDENTIFIER:
        return new TpchColumnLayout<>(column, Kind.BIGINT);
      case DATE:
        return new TpchColumnLayout<>(column, Kind.DATE);
      case VARCHAR:
        return new TpchColumnLayout<>(column, Kind.VARCHAR);
      default:
        // A new generator version with a column we have not classified: fail loudly rather than
        // store a double.
        throw new IllegalStateException(
            "no Parquet type chosen for TPC-H column " + table.getTableName() + "." + name
                + " of generator type " + base);
    }
  }

  TpchTable<E> table() {
    return table;
  }

  String name() {
    return table.getTableName();
  }

  List<TpchColumnLayout<E>> columns() {
    return columns;
  }

  Schema schema() {
    List<Field> fields = new ArrayList<>();
    for (TpchColumnLayout<E> column : columns) {
      fields.add(column.field());
    }
    return new Schema(fields);
  }
}
