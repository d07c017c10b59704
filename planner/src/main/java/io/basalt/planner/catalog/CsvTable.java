package io.basalt.planner.catalog;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.format.csv.CsvColumn;
import io.basalt.engine.format.csv.CsvDataset;
import io.basalt.planner.physical.VecConvention;
import io.basalt.planner.physical.VecCsvScan;
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

/**
 * A SQL table over CSV files ({@link CsvDataset}). The files are listed and sniffed on first use,
 * so a data folder of many tables costs nothing until a query names one; planning turns the table
 * into a {@link VecCsvScan}.
 */
public final class CsvTable extends AbstractTable implements TranslatableTable {
  /** Lists and sniffs the files; called at most once per table object. */
  @FunctionalInterface
  public interface DatasetLoader {
    CsvDataset load() throws IOException;
  }

  private final BasaltEngine engine;
  private final LazyLoad<CsvDataset> dataset;

  public CsvTable(BasaltEngine engine, DatasetLoader loader) {
    this.engine = engine;
    this.dataset = new LazyLoad<>(loader::load);
  }

  public BasaltEngine engine() {
    return engine;
  }

  /** The dataset, sniffed now if needed; I/O problems surface as UncheckedIOException. */
  public CsvDataset dataset() {
    return dataset.get();
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (CsvColumn c : dataset().columns()) {
      builder.add(c.name(), ArrowSqlTypes.toSql(c.field(), typeFactory));
    }
    return builder.build();
  }

  @Override
  public Statistic getStatistic() {
    return Statistics.of(dataset().estimatedRowCount(), List.of());
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    int[] all = new int[dataset().columns().size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return new VecCsvScan(context.getCluster(),
        context.getCluster().traitSetOf(VecConvention.INSTANCE), relOptTable, this, all);
  }
}
