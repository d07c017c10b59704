package io.basalt.planner.physical;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.catalog.DatasetColumn;
import io.basalt.engine.exec.ParquetScanNode;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.planner.catalog.ParquetTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * Scans the projected columns of a Parquet table. The projection holds table column indexes in
 * output order; {@code ProjectIntoParquetScanRule} narrows it so that only used columns are decoded.
 */
public final class VecTableScan extends TableScan implements VecRel {
  private final ParquetTable parquetTable;
  private final int[] projection;
  /** Pushed predicate over dataset columns, for skipping only; null when none. */
  private final ScanPredicate predicate;

  public VecTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      ParquetTable parquetTable, int[] projection) {
    this(cluster, traits, table, parquetTable, projection, null);
  }

  public VecTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      ParquetTable parquetTable, int[] projection, ScanPredicate predicate) {
    super(cluster, traits, List.of(), table);
    this.parquetTable = parquetTable;
    this.projection = projection.clone();
    this.predicate = predicate;
  }

  /** The pushed predicate (dataset column indexes), or null. */
  public ScanPredicate predicate() {
    return predicate;
  }

  /** The same scan skipping data by {@code newPredicate}. */
  public VecTableScan withPredicate(ScanPredicate newPredicate) {
    return new VecTableScan(getCluster(), traitSet, table, parquetTable, projection, newPredicate);
  }

  public ParquetTable parquetTable() {
    return parquetTable;
  }

  public int[] projection() {
    return projection.clone();
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new VecTableScan(getCluster(), traitSet, table, parquetTable, projection, predicate);
  }

  /** The same scan reading only {@code newProjection} (indexes into the table's columns). */
  public VecTableScan withProjection(int[] newProjection) {
    return new VecTableScan(getCluster(), traitSet, table, parquetTable, newProjection, predicate);
  }

  @Override
  public RelDataType deriveRowType() {
    List<RelDataTypeField> fields = table.getRowType().getFieldList();
    RelDataType[] types = new RelDataType[projection.length];
    List<String> names = new ArrayList<>(projection.length);
    for (int i = 0; i < projection.length; i++) {
      types[i] = fields.get(projection[i]).getType();
      names.add(fields.get(projection[i]).getName());
    }
    return getCluster().getTypeFactory().createStructType(List.of(types), names);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    super.explainTerms(pw).item("columns", getRowType().getFieldNames());
    if (predicate != null) {
      List<DatasetColumn> columns = parquetTable.dataset().columns();
      List<ScanPredicate> terms = predicate instanceof ScanPredicate.And and
          ? and.terms() : List.of(predicate);
      List<String> partition = new ArrayList<>();
      List<String> other = new ArrayList<>();
      for (ScanPredicate term : terms) {
        boolean onPartitions = term.columns().stream().allMatch(c -> columns.get(c).partition());
        (onPartitions ? partition : other).add(term.describe(c -> columns.get(c).name()));
      }
      pw.itemIf("partitionFilters", partition, !partition.isEmpty());
      pw.itemIf("filters", other, !other.isEmpty());
    }
    return pw;
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Cost grows with the columns decoded, so narrower projections win. Volcano compares costs by
    // their row component first, so the fraction must scale that too, not only cpu and io.
    double rows = estimateRowCount(mq);
    int total = Math.max(1, table.getRowType().getFieldCount());
    double fraction = (projection.length + 2.0) / (total + 2.0);
    if (predicate != null) {
      fraction *= 0.5; // skipping can only remove work
    }
    return planner.getCostFactory().makeCost(rows * fraction, rows * fraction, rows * fraction);
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    List<DatasetColumn> columns = parquetTable.dataset().columns();
    for (int c : projection) {
      if (!columns.get(c).isSupported()) {
        throw new UnsupportedOperationException(columns.get(c).unsupportedReason()
            + " (table " + table.getQualifiedName() + "); select the other columns explicitly");
      }
    }
    return new ParquetScanNode(parquetTable.dataset(), projection, predicate, getId());
  }

  @Override
  public BasaltEngine engine() {
    return parquetTable.engine();
  }
}
