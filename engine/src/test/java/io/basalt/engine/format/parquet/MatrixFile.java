package io.basalt.engine.format.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/** Writes the matrix columns with parquet-java in one encoding × codec × page version variant. */
final class MatrixFile {
  static final int ROWS = 3000;
  /** Small pages and row groups, so every chunk has many pages and every file several row groups. */
  static final int PAGE_SIZE = 2048;
  static final int PAGE_ROW_LIMIT = 150;
  static final int ROW_GROUP_SIZE = 256 * 1024;

  /** How values are encoded, from the writer's options. */
  enum Encoding {
    /** Dictionary off: PLAIN on v1; DELTA_BINARY_PACKED / DELTA_BYTE_ARRAY / RLE on v2. */
    PLAIN,
    /** PLAIN_DICTIONARY (v1) or RLE_DICTIONARY (v2) data pages after a dictionary page. */
    DICTIONARY,
    /** A dictionary that outgrows its tiny limit, so a chunk mixes dictionary and plain pages. */
    DICTIONARY_FALLBACK,
    /** BYTE_STREAM_SPLIT for FLOAT and DOUBLE, and (per column) INT32, INT64 and FIXED_LEN. */
    BYTE_STREAM_SPLIT
  }

  /** One file of the matrix. */
  record Variant(Encoding encoding, CompressionCodecName codec, WriterVersion version) {
    @Override
    public String toString() {
      return encoding + "/" + codec + "/" + (version == WriterVersion.PARQUET_1_0 ? "v1" : "v2");
    }
  }

  static final MessageType SCHEMA = new MessageType("matrix",
      MatrixColumns.ALL.stream().map(MatrixColumn::parquetType).toList());

  private MatrixFile() {}

  static void write(Path file, Variant variant) throws IOException {
    var builder = ExampleParquetWriter.builder(new LocalOutputFile(file))
        // A plain configuration: no Hadoop Configuration (and none of its XML resources) is loaded.
        .withConf(new PlainParquetConfiguration())
        .withType(SCHEMA)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withWriterVersion(variant.version())
        .withCompressionCodec(variant.codec())
        .withPageSize(PAGE_SIZE)
        .withPageRowCountLimit(PAGE_ROW_LIMIT)
        .withRowGroupSize((long) ROW_GROUP_SIZE)
        .withDictionaryEncoding(variant.encoding() == Encoding.DICTIONARY
            || variant.encoding() == Encoding.DICTIONARY_FALLBACK);
    if (variant.encoding() == Encoding.DICTIONARY_FALLBACK) {
      builder.withDictionaryPageSize(1024);
    }
    if (variant.encoding() == Encoding.BYTE_STREAM_SPLIT) {
      builder.withByteStreamSplitEncoding(true);
      for (Type column : SCHEMA.getFields()) {
        PrimitiveTypeName physical = column.asPrimitiveType().getPrimitiveTypeName();
        if (physical == PrimitiveTypeName.INT32 || physical == PrimitiveTypeName.INT64
            || physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
          builder.withByteStreamSplitEncoding(column.getName(), true);
        }
      }
    }
    writeRows(builder.build(), ROWS);
  }

  /** Writes {@code rows} rows of the matrix data (0: a file without row groups). */
  static void writeRows(ParquetWriter<Group> writer, int rows) throws IOException {
    List<List<MatrixColumn.Sample>> columns =
        MatrixColumns.ALL.stream().map(c -> c.samples(ROWS)).toList();
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (writer) {
      for (int row = 0; row < rows; row++) {
        Group group = groups.newGroup();
        for (int c = 0; c < columns.size(); c++) {
          MatrixColumn.Sample sample = columns.get(c).get(row);
          if (sample != null) {
            add(group, c, sample.written());
          }
        }
        writer.write(group);
      }
    }
  }

  private static void add(Group group, int field, Object value) {
    if (value instanceof Integer v) {
      group.add(field, v);
    } else if (value instanceof Long v) {
      group.add(field, v);
    } else if (value instanceof Float v) {
      group.add(field, v);
    } else if (value instanceof Double v) {
      group.add(field, v);
    } else if (value instanceof Boolean v) {
      group.add(field, v);
    } else if (value instanceof String v) {
      group.add(field, v);
    } else if (value instanceof Binary v) {
      group.add(field, v);
    } else {
      throw new IllegalArgumentException(String.valueOf(value));
    }
  }
}
