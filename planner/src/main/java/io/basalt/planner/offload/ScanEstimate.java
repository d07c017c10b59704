package io.basalt.planner.offload;

import io.basalt.engine.catalog.DatasetColumn;
import io.basalt.engine.catalog.ParquetDataset;
import io.basalt.planner.physical.VecCsvScan;
import io.basalt.planner.physical.VecTableScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.RowGroup;

/**
 * The planner's estimate of the bytes a query reads, for {@code engine=auto}: for each Parquet
 * scan, the compressed size of the column chunks of the columns it projects (from the footers the
 * planner reads for row counts anyway); for each CSV scan, the size of its files. Partition and
 * row-group pruning are not subtracted, so the estimate errs towards the larger engine.
 */
public final class ScanEstimate {
  private ScanEstimate() {}

  /** Bytes read by every scan in {@code plan}. */
  public static long bytes(RelNode plan) {
    long[] total = {0};
    visit(plan, total);
    return total[0];
  }

  private static void visit(RelNode node, long[] total) {
    if (node instanceof VecTableScan scan) {
      total[0] += parquetBytes(scan.parquetTable().dataset(), scan.projection());
    } else if (node instanceof VecCsvScan scan) {
      for (Path file : scan.csvTable().dataset().files()) {
        try {
          total[0] += Files.size(file);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot size " + file + ": " + e.getMessage(), e);
        }
      }
    }
    for (RelNode input : node.getInputs()) {
      visit(input, total);
    }
  }

  private static long parquetBytes(ParquetDataset dataset, int[] projection) {
    List<DatasetColumn> columns = dataset.columns();
    Set<String> names = new HashSet<>();
    for (int c : projection) {
      if (!columns.get(c).partition()) {
        names.add(columns.get(c).name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    long bytes = 0;
    for (ParquetDataset.DataFile file : dataset.files()) {
      for (RowGroup group : file.metadata().thrift().getRow_groups()) {
        for (ColumnChunk chunk : group.getColumns()) {
          String top = chunk.getMeta_data().getPath_in_schema().get(0);
          if (names.contains(top.toLowerCase(java.util.Locale.ROOT))) {
            bytes += chunk.getMeta_data().getTotal_compressed_size();
          }
        }
      }
    }
    return bytes;
  }
}
