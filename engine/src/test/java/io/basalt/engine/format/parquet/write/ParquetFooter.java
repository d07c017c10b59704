package io.basalt.engine.format.parquet.write;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;

/** Test helper: reads a written file's footer and page headers with the Thrift classes. */
final class ParquetFooter {
  private ParquetFooter() {}

  static FileMetaData read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int length = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return Util.readFileMetaData(
        new ByteArrayInputStream(bytes, bytes.length - 8 - length, length));
  }

  /** Headers of all pages (dictionary first) of one column chunk. */
  static List<PageHeader> pages(Path file, ColumnMetaData chunk) throws IOException {
    long start = chunk.isSetDictionary_page_offset()
        ? chunk.getDictionary_page_offset() : chunk.getData_page_offset();
    List<PageHeader> headers = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file)) {
      channel.position(start);
      InputStream in = Channels.newInputStream(channel);
      long end = start + chunk.getTotal_compressed_size();
      while (channel.position() < end) {
        PageHeader header = Util.readPageHeader(in);
        headers.add(header);
        channel.position(channel.position() + header.getCompressed_page_size());
      }
    }
    return headers;
  }
}
