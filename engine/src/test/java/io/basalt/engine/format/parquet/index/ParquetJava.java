package io.basalt.engine.format.parquet.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Test helper: parquet-java (parquet-hadoop) as the reference reader, without a Hadoop
 * Configuration.
 */
public final class ParquetJava {
  private ParquetJava() {}

  /** parquet-java's low-level reader; the caller closes it. */
  public static ParquetFileReader open(Path file) throws IOException {
    return ParquetFileReader.open(new LocalInputFile(file));
  }

  /** A low-level reader whose row groups and pages are pruned by {@code filter}. */
  public static ParquetFileReader openFiltered(Path file, FilterCompat.Filter filter)
      throws IOException {
    ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
        .withRecordFilter(filter)
        .useStatsFilter(true)
        .useDictionaryFilter(false)
        .useColumnIndexFilter(true)
        .useBloomFilter(true)
        .build();
    return ParquetFileReader.open(new LocalInputFile(file), options);
  }

  /** All records (or those matching {@code filter}, exactly) as example Groups. */
  public static List<Group> readAll(Path file, FilterCompat.Filter filter) throws IOException {
    ParquetReader.Builder<Group> builder =
        new ParquetReader.Builder<Group>(new LocalInputFile(file), new PlainParquetConfiguration()) {
          @Override
          protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
          }
        };
    List<Group> rows = new ArrayList<>();
    try (ParquetReader<Group> reader = builder.withFilter(filter).build()) {
      for (Group group = reader.read(); group != null; group = reader.read()) {
        rows.add(group);
      }
    }
    return rows;
  }

  /**
   * Field {@code field} of {@code group} as parquet-java's Statistics take it (Integer, Long,
   * Float, Double, Boolean or Binary), or null.
   */
  public static Object value(Group group, int field) {
    if (group.getFieldRepetitionCount(field) == 0) {
      return null;
    }
    PrimitiveType type = group.getType().getType(field).asPrimitiveType();
    switch (type.getPrimitiveTypeName()) {
      case INT32:
        return group.getInteger(field, 0);
      case INT64:
        return group.getLong(field, 0);
      case FLOAT:
        return group.getFloat(field, 0);
      case DOUBLE:
        return group.getDouble(field, 0);
      case BOOLEAN:
        return group.getBoolean(field, 0);
      default:
        return group.getBinary(field, 0);
    }
  }
}
