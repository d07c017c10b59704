package io.basalt.engine.format.parquet.index;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Random;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Test helper: a file written by parquet-java with page indexes (its default), bloom filters on
 * every column and small pages, covering nulls, -0.0, long strings and signed decimals.
 */
final class ParquetJavaIndexedFile {
  static final int ROWS = 20_000;

  static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message m {\n"
          + "  required int32 k;\n"
          + "  optional int64 l;\n"
          + "  optional double d;\n"
          + "  optional float f;\n"
          + "  optional binary s (STRING);\n"
          + "  optional fixed_len_byte_array(16) dec (DECIMAL(38, 2));\n"
          + "  optional int32 day (DATE);\n"
          + "  optional boolean b;\n"
          + "}");

  private ParquetJavaIndexedFile() {}

  static void write(Path file) throws Exception {
    ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration())
        .withType(SCHEMA)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withPageRowCountLimit(1_000)
        .withRowGroupRowCountLimit(8_000)
        .withBloomFilterEnabled(true)
        .build();
    Random random = new Random(5);
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (writer) {
      for (int row = 0; row < ROWS; row++) {
        Group group = groups.newGroup();
        group.add("k", row);
        if (row % 10 != 0) {
          group.add("l", random.nextLong());
        }
        if (row % 7 != 0) {
          group.add("d", row % 13 == 0 ? -0.0 : random.nextGaussian() * 1e4);
        }
        if (row < 3_000 || row > 6_000) {
          group.add("f", (float) (ROWS - row) / 3);
        }
        if (row % 11 != 0) {
          String text = "s" + random.nextInt(100_000);
          group.add("s", row % 97 == 0 ? text + "y".repeat(100) : text);
        }
        byte[] decimal = new byte[16];
        byte[] value = BigInteger.valueOf(random.nextLong()).shiftLeft(20).toByteArray();
        int pad = 16 - value.length;
        for (int i = 0; i < 16; i++) {
          decimal[i] = i < pad ? (byte) (value[0] < 0 ? 0xFF : 0) : value[i - pad];
        }
        group.add("dec", Binary.fromConstantByteArray(decimal));
        if (row % 3 != 0) {
          group.add("day", 19_000 + row / 50);
        }
        group.add("b", row % 5 == 0);
        writer.write(group);
      }
    }
  }
}
