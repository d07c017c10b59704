package io.basalt.planner.metadata;

import io.basalt.engine.catalog.ParquetDataset;
import io.basalt.planner.physical.VecTableScan;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Distinct-value estimates for Parquet scans, from footer statistics: the product of each grouped
 * column's bound ({@link ParquetDataset#distinctValuesBound}), capped by the row count. Calcite has
 * no estimate of its own for a scan, which leaves join ordering to guess (TPC-H Q5 then joins
 * customer to supplier on the 25-value nation key before lineitem).
 */
public final class BasaltRelMdDistinctRowCount
    implements MetadataHandler<BuiltInMetadata.DistinctRowCount> {
  @Override
  public MetadataDef<BuiltInMetadata.DistinctRowCount> getDef() {
    return BuiltInMetadata.DistinctRowCount.DEF;
  }

  /** Called reflectively by Calcite's metadata dispatch for {@link VecTableScan}. */
  public Double getDistinctRowCount(VecTableScan scan, RelMetadataQuery mq,
      ImmutableBitSet groupKey, RexNode predicate) {
    double rows = scan.estimateRowCount(mq);
    if (groupKey.isEmpty()) {
      return rows > 0 ? 1.0 : 0.0;
    }
    ParquetDataset dataset = scan.parquetTable().dataset();
    int[] projection = scan.projection();
    double product = 1;
    for (int field : groupKey) {
      product *= Math.max(1, dataset.distinctValuesBound(projection[field]));
      if (product >= rows) {
        break;
      }
    }
    double distinct = Math.min(rows, product);
    if (predicate != null) {
      // A filter keeps at most its share of the rows, and never more distinct values than rows.
      distinct = Math.min(distinct, rows * mq.getSelectivity(scan, predicate));
    }
    return distinct;
  }
}
