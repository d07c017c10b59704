package io.basalt.engine.format.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;

/**
 * Reads a file's footer: checks the {@code PAR1} magic at both ends, reads the footer length and
 * parses the Thrift {@link FileMetaData}, then maps the schema to {@link ParquetColumn}s. Only the
 * last bytes of the file are read.
 */
final class ParquetFooterReader {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);
  /** Magic at the start, footer length and magic at the end. */
  private static final int MIN_FILE_SIZE = 12;

  private ParquetFooterReader() {}

  static ParquetFileMetadata read(Path file) throws ParquetException {
    long modified;
    try {
      modified = Files.getLastModifiedTime(file).toMillis();
    } catch (NoSuchFileException e) {
      throw new ParquetException(file, "file not found");
    } catch (IOException e) {
      throw new ParquetException(file, "cannot read file attributes: " + e, e);
    }
    if (Files.isDirectory(file)) {
      throw new ParquetException(file, "is a directory, not a Parquet file");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      FileMetaData thrift = readFooter(file, channel, size);
      List<ParquetColumn> columns = new SchemaConverter(file).convert(thrift.getSchema());
      return new ParquetFileMetadata(file, size, modified, thrift, columns);
    } catch (NoSuchFileException e) {
      throw new ParquetException(file, "file not found");
    } catch (AccessDeniedException e) {
      throw new ParquetException(file, "permission denied; check the file's read permissions", e);
    } catch (ParquetException e) {
      throw e;
    } catch (IOException e) {
      throw new ParquetException(file, "cannot read file: " + e, e);
    }
  }

  private static FileMetaData readFooter(Path file, FileChannel channel, long size)
      throws IOException {
    if (size < MIN_FILE_SIZE) {
      throw new ParquetException(file, "not a Parquet file: only " + size
          + " bytes, too short to hold the Parquet header and footer");
    }
    byte[] head = new byte[4];
    readFully(file, channel, ByteBuffer.wrap(head), 0);
    ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(file, channel, tail, size - 8);
    byte[] tailMagic = new byte[4];
    tail.get(4, tailMagic);
    if (java.util.Arrays.equals(tailMagic, ENCRYPTED_MAGIC)) {
      throw new ParquetException(file, "encrypted Parquet files are not supported");
    }
    if (!java.util.Arrays.equals(head, MAGIC) || !java.util.Arrays.equals(tailMagic, MAGIC)) {
      throw new ParquetException(file, "not a Parquet file (bad magic: expected PAR1 at the start "
          + "and the end; the file may be truncated or of another format)");
    }
    long footerLength = tail.getInt(0) & 0xFFFF_FFFFL;
    if (footerLength > size - MIN_FILE_SIZE) {
      throw new ParquetException(file, "truncated footer: footer length " + footerLength
          + " exceeds the file size " + size + "; the file is probably truncated or corrupt");
    }
    byte[] footer = new byte[(int) footerLength];
    readFully(file, channel, ByteBuffer.wrap(footer), size - 8 - footerLength);
    try {
      FileMetaData metaData = Util.readFileMetaData(new ByteArrayInputStream(footer));
      if (metaData.getSchema() == null || metaData.getSchema().isEmpty()) {
        throw new ParquetException(file, "corrupt footer: the schema is empty");
      }
      return metaData;
    } catch (ParquetException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ParquetException(file, "corrupt footer: cannot parse the Thrift file metadata ("
          + e.getMessage() + "); the file is probably truncated or corrupt", e);
    }
  }

  private static void readFully(Path file, FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new ParquetException(file, "unexpected end of file at byte " + at);
      }
      at += n;
    }
    buffer.flip();
  }
}
