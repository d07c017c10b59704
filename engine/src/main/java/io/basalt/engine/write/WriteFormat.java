package io.basalt.engine.write;

import io.basalt.engine.format.csv.CsvFileWriter;
import io.basalt.engine.format.parquet.write.ParquetCodec;
import io.basalt.engine.format.parquet.write.ParquetFileWriter;
import io.basalt.engine.format.parquet.write.ParquetWriteOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** The file formats Basalt writes, and how each opens a {@link BatchFileWriter}. */
public enum WriteFormat {
  PARQUET(".parquet"),
  CSV(".csv");

  private final String extension;

  WriteFormat(String extension) {
    this.extension = extension;
  }

  /** File name extension of a data file in a partitioned output ({@code .csv.gz} for gzip CSV). */
  public String extension(Compression compression) {
    if (this == CSV) {
      return switch (compression) {
        case GZIP -> ".csv.gz";
        case ZSTD -> ".csv.zst";
        default -> ".csv";
      };
    }
    return extension;
  }

  /** Compression codecs, as written in {@code COMPRESSION ...}. */
  public enum Compression {
    NONE, SNAPPY, GZIP, ZSTD;

    public static Compression parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace("UNCOMPRESSED", "NONE"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown COMPRESSION '" + text
            + "': use zstd, snappy, gzip or none");
      }
    }
  }

  public static WriteFormat parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown FORMAT '" + text + "': use parquet or csv");
    }
  }

  /** Opens a writer of this format; {@code file} appears complete only once the writer is closed. */
  public BatchFileWriter open(Path file, Schema schema, WriteOptions options) throws IOException {
    if (this == CSV) {
      return new CsvFileWriter(file, schema, options.compression());
    }
    ParquetCodec codec = switch (options.compression()) {
      case NONE -> ParquetCodec.UNCOMPRESSED;
      case SNAPPY -> ParquetCodec.SNAPPY;
      case GZIP -> ParquetCodec.GZIP;
      case ZSTD -> ParquetCodec.ZSTD;
    };
    ParquetWriteOptions parquet = ParquetWriteOptions.defaults().withCodec(codec)
        .withRowGroupRows(options.rowGroupRows());
    ParquetFileWriter writer = new ParquetFileWriter(file, schema, parquet);
    return new BatchFileWriter() {
      @Override
      public void write(VectorSchemaRoot batch) throws IOException {
        writer.write(batch);
      }

      @Override
      public void close() throws IOException {
        writer.close();
      }

      @Override
      public void abort() {
        writer.abort();
      }
    };
  }
}
