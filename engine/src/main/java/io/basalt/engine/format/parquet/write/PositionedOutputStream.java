package io.basalt.engine.format.parquet.write;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A buffered stream that knows its byte offset, needed for the offsets in the footer. */
final class PositionedOutputStream extends FilterOutputStream {
  private long position;

  PositionedOutputStream(OutputStream out) {
    super(new BufferedOutputStream(out, 256 * 1024));
  }

  long position() {
    return position;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    position++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    position += len;
  }
}
