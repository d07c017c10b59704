package io.basalt.engine.format.parquet.write;

import io.airlift.compress.Compressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Compresses one page body with the codec chosen for the file. Not thread-safe. */
abstract class PageCompressor {
  /** Appends the compressed form of {@code source[0..length)} to {@code target}. */
  abstract void compress(byte[] source, int length, ByteArrayBuilder target);

  static PageCompressor create(ParquetCodec codec) {
    switch (codec) {
      case UNCOMPRESSED:
        return new PageCompressor() {
          @Override
          void compress(byte[] source, int length, ByteArrayBuilder target) {
            target.write(source, 0, length);
          }
        };
      case SNAPPY:
        return new AirliftPageCompressor(new SnappyCompressor());
      case ZSTD:
        return new AirliftPageCompressor(new ZstdCompressor());
      case GZIP:
        return new GzipPageCompressor();
      default:
        throw new IllegalArgumentException("unsupported codec " + codec);
    }
  }

  /** Snappy and ZSTD via aircompressor's pure-Java block compressors. */
  private static final class AirliftPageCompressor extends PageCompressor {
    private final Compressor compressor;

    AirliftPageCompressor(Compressor compressor) {
      this.compressor = compressor;
    }

    @Override
    void compress(byte[] source, int length, ByteArrayBuilder target) {
      int max = compressor.maxCompressedLength(length);
      target.ensureCapacity(max);
      int written =
          compressor.compress(source, 0, length, target.array(), target.size(), max);
      target.advance(written);
    }
  }

  /** Parquet's GZIP is a full gzip stream (header and trailer), not raw deflate. */
  private static final class GzipPageCompressor extends PageCompressor {
    @Override
    void compress(byte[] source, int length, ByteArrayBuilder target) {
      try (GZIPOutputStream gzip = new GZIPOutputStream(new NonClosing(target), 64 * 1024)) {
        gzip.write(source, 0, length);
      } catch (IOException e) {
        // Only in-memory streams are involved, so this cannot happen.
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Lets a GZIPOutputStream finish its trailer without closing the shared builder. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(ByteArrayBuilder target) {
      super(target);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() {}
  }
}
