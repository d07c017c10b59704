package io.basalt.engine.exec;

import io.basalt.engine.catalog.MetadataCache;
import io.basalt.engine.catalog.ParquetDataset;
import io.basalt.engine.format.parquet.write.ParquetFileWriter;
import io.basalt.engine.format.parquet.write.ParquetWriteOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Re-writes Parquet data with Basalt's writer, row order kept: e.g. to give files from another
 * writer Basalt's row group size, page indexes or bloom filters. Every column is copied; the
 * target appears atomically, or not at all on failure.
 */
public final class ParquetRewriter {
  private ParquetRewriter() {}

  /** Copies every row of {@code source} (a file or folder) to {@code target}. */
  public static void rewrite(Path source, Path target, ParquetWriteOptions options)
      throws IOException {
    ParquetDataset dataset = ParquetDataset.ofPath("source", source, new MetadataCache());
    List<Field> fields = new ArrayList<>();
    int[] projection = new int[dataset.columns().size()];
    for (int i = 0; i < projection.length; i++) {
      fields.add(dataset.columns().get(i).field());
      projection[i] = i;
    }
    try (BufferAllocator allocator = new RootAllocator();
        DatasetScan scan = new DatasetScan(dataset, projection,
            new ExecContext(allocator, ExecContext.DEFAULT_BATCH_ROWS, null))) {
      ParquetFileWriter writer = new ParquetFileWriter(target, new Schema(fields), options);
      try {
        VectorSchemaRoot batch;
        while ((batch = scan.next()) != null) {
          try (VectorSchemaRoot owned = batch) {
            writer.write(owned);
          }
        }
        writer.close();
      } catch (IOException | RuntimeException | Error e) {
        writer.abort();
        throw e;
      }
    }
  }
}
