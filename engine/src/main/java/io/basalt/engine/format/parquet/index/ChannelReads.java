package io.basalt.engine.format.parquet.index;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional reads from a {@link FileChannel}. They never move the channel's position, so one
 * channel can serve concurrent readers of different indexes.
 */
final class ChannelReads {
  private ChannelReads() {}

  /** Reads exactly {@code length} bytes at {@code offset}. */
  static byte[] readFully(FileChannel channel, long offset, int length) throws IOException {
    byte[] bytes = new byte[length];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long position = offset;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position);
      if (read < 0) {
        throw new EOFException(
            "file ended at " + position + " while reading " + length + " bytes at " + offset);
      }
      position += read;
    }
    return bytes;
  }
}
