package io.basalt.planner.catalog;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.catalog.DatasetColumn;
import io.basalt.engine.catalog.ParquetDataset;
import io.basalt.planner.physical.VecConvention;
import io.basalt.planner.physical.VecTableScan;
import io.basalt.planner.types.ArrowSqlTypes;
import java.io.IOException;
import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A SQL table over a {@link ParquetDataset}. The dataset (file listing and footers) is resolved on
 * first use, so a folder of many tables costs nothing until a query names one; planning turns the
 * table into a {@link VecTableScan}.
 */
public final class ParquetTable extends AbstractTable implements TranslatableTable {
  /** Resolves the dataset; called at most once per table object. */
  @FunctionalInterface
  public interface DatasetLoader {
    ParquetDataset load() throws IOException;
  }

  private final BasaltEngine engine;
  private final LazyLoad<ParquetDataset> dataset;

  public ParquetTable(BasaltEngine engine, DatasetLoader loader) {
    this.engine = engine;
    this.dataset = new LazyLoad<>(loader::load);
  }

  public BasaltEngine engine() {
    return engine;
  }

  /** The dataset, resolved now if needed; I/O problems surface as UncheckedIOException. */
  public ParquetDataset dataset() {
    return dataset.get();
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (DatasetColumn c : dataset().columns()) {
      if (c.isSupported()) {
        builder.add(c.name(), ArrowSqlTypes.toSql(c.field(), typeFactory));
      } else {
        // Listed so that the scan can name the column in its error; not readable yet.
        builder.add(c.name(), typeFactory.createTypeWithNullability(
            typeFactory.createSqlType(SqlTypeName.ANY), true));
      }
    }
    return builder.build();
  }

  @Override
  public Statistic getStatistic() {
    return Statistics.of(dataset().rowCount(), List.of());
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    int[] all = new int[dataset().columns().size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return new VecTableScan(context.getCluster(),
        context.getCluster().traitSetOf(VecConvention.INSTANCE), relOptTable, this, all);
  }
}
