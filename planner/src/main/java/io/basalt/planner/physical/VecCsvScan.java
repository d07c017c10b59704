package io.basalt.planner.physical;

import io.basalt.engine.BasaltEngine;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.SharedStreamNode;
import io.basalt.engine.format.csv.CsvScan;
import io.basalt.planner.catalog.CsvTable;
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
 * Scans the projected columns of a CSV table with the engine's parallel {@link CsvScan}. The
 * projection holds table column indexes in output order; {@code ProjectIntoCsvScanRule} narrows it
 * so that only used fields are converted (every field is still split: CSV has no column offsets).
 */
public final class VecCsvScan extends TableScan implements VecRel {
  private final CsvTable csvTable;
  private final int[] projection;

  public VecCsvScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, CsvTable csvTable,
      int[] projection) {
    super(cluster, traits, List.of(), table);
    this.csvTable = csvTable;
    this.projection = projection.clone();
  }

  /** The table this scan reads. */
  public CsvTable csvTable() {
    return csvTable;
  }

  public int[] projection() {
    return projection.clone();
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new VecCsvScan(getCluster(), traitSet, table, csvTable, projection);
  }

  /** The same scan reading only {@code newProjection} (indexes into the table's columns). */
  public VecCsvScan withProjection(int[] newProjection) {
    return new VecCsvScan(getCluster(), traitSet, table, csvTable, newProjection);
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
    return super.explainTerms(pw).item("format", "csv").item("columns", getRowType().getFieldNames());
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Splitting every record costs the same whatever is projected; converting scales with the
    // projected columns. So the cost keeps a fixed part and a per-column part.
    double rows = estimateRowCount(mq);
    int total = Math.max(1, table.getRowType().getFieldCount());
    double fraction = (projection.length + 2.0) / (total + 2.0);
    return planner.getCostFactory().makeCost(rows * fraction, rows, rows);
  }

  @Override
  public PhysicalNode implement(VecImplementor implementor) {
    // The CSV scan splits files with its own reader threads into one stream; the copies above it
    // share that stream.
    List<org.apache.arrow.vector.types.pojo.Field> all = csvTable.dataset().fields();
    List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
    for (int c : projection) {
      fields.add(all.get(c));
    }
    int threads = engine().config().threads();
    return new SharedStreamNode("CsvScan", new org.apache.arrow.vector.types.pojo.Schema(fields),
        context -> new CsvScan(csvTable.dataset(), projection, context, threads));
  }

  @Override
  public BasaltEngine engine() {
    return csvTable.engine();
  }
}
