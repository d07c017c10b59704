package io.basalt.engine.exec;

import io.basalt.engine.catalog.DatasetColumn;
import io.basalt.engine.catalog.ParquetDataset;
import io.basalt.engine.pushdown.ScanPredicate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Scans projected columns of a Parquet dataset in parallel: every copy takes row groups from one
 * shared {@link DatasetScan.Morsels} (prepared per execution) and decodes them on its own thread.
 */
public final class ParquetScanNode implements PhysicalNode {
  private final ParquetDataset dataset;
  private final int[] projection;
  private final ScanPredicate predicate;
  private final int profileId;
  private final Schema schema;

  /**
   * @param projection dataset column indexes in output order
   * @param predicate pushed predicate (skipping only), or null
   * @param profileId the plan node id the scan's metrics are recorded under
   */
  public ParquetScanNode(ParquetDataset dataset, int[] projection, ScanPredicate predicate,
      int profileId) {
    this.dataset = dataset;
    this.projection = projection.clone();
    this.predicate = predicate;
    this.profileId = profileId;
    List<Field> fields = new ArrayList<>(projection.length);
    for (int c : projection) {
      DatasetColumn column = dataset.columns().get(c);
      if (!column.isSupported()) {
        throw new UnsupportedOperationException(column.unsupportedReason());
      }
      fields.add(column.field());
    }
    this.schema = new Schema(fields);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<PhysicalNode> inputs() {
    return List.of();
  }

  @Override
  public void prepare(QueryRun run) {
    ExecContext context = run.context();
    ScanPredicate effective = predicate;
    List<ScanPredicate> runtime = run.scanFilters(this);
    if (!runtime.isEmpty()) {
      List<ScanPredicate> terms = new ArrayList<>(runtime);
      if (predicate != null) {
        terms.add(0, predicate);
      }
      effective = terms.size() == 1 ? terms.get(0) : new ScanPredicate.And(terms);
      context.profile().scan(profileId).runtimeFilters += runtime.size();
    }
    run.putState(this, new MorselState(new DatasetScan.Morsels(dataset, projection, effective,
        context, context.profile().scan(profileId))));
  }

  @Override
  public BatchStream open(QueryRun run, int copy) {
    return new DatasetScan(run.state(this, MorselState.class).morsels, run.context());
  }

  @Override
  public String name() {
    return "ParquetScan";
  }

  /** The dataset column read at output position {@code field}. */
  public int datasetColumn(int field) {
    return projection[field];
  }

  private record MorselState(DatasetScan.Morsels morsels) implements AutoCloseable {
    @Override
    public void close() {}
  }
}
