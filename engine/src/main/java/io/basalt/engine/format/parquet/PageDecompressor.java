package io.basalt.engine.format.parquet;

import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.format.CompressionCodec;

/**
 * Decompresses page payloads of one column chunk (one codec per chunk). Uses native Snappy where
 * it loads ({@link NativeSnappy}), else the pure-Java aircompressor decompressors, and the JDK's
 * inflater; every failure, including a wrong decompressed
 * size, surfaces as {@link CorruptPageException}.
 */
final class PageDecompressor {
  private final CompressionCodec codec;
  private final Decompressor decompressor;

  private PageDecompressor(CompressionCodec codec, Decompressor decompressor) {
    this.codec = codec;
    this.decompressor = decompressor;
  }

  /** @throws CorruptPageException when the codec is not supported */
  static PageDecompressor forCodec(CompressionCodec codec) {
    switch (codec) {
      case UNCOMPRESSED:
      case GZIP:
        return new PageDecompressor(codec, null);
      case SNAPPY:
        return new PageDecompressor(codec, new SnappyDecompressor());
      case ZSTD:
        return new PageDecompressor(codec, new ZstdDecompressor());
      case LZ4:
      case LZ4_RAW:
        return new PageDecompressor(codec, new Lz4Decompressor());
      default:
        throw new CorruptPageException("compression codec " + codec + " not supported yet; "
            + "rewrite the file with SNAPPY, ZSTD, GZIP, LZ4_RAW or no compression");
    }
  }

  /**
   * Decompresses {@code input[offset .. offset + length)} into {@code output[outOffset ..
   * outOffset + uncompressedLength)}, which must come out exactly full.
   */
  void decompress(byte[] input, int offset, int length, byte[] output, int outOffset,
      int uncompressedLength) {
    if (uncompressedLength == 0) {
      // Nothing to produce (e.g. the values of an all-null v2 page); writers differ in whether
      // they store an empty stream or compressed framing for it, and either is fine.
      return;
    }
    int produced;
    try {
      switch (codec) {
        case UNCOMPRESSED:
          if (length != uncompressedLength) {
            throw new CorruptPageException("uncompressed page of " + length
                + " bytes announces " + uncompressedLength + " bytes");
          }
          System.arraycopy(input, offset, output, outOffset, length);
          return;
        case GZIP:
          produced = gunzip(input, offset, length, output, outOffset, uncompressedLength);
          break;
        case SNAPPY:
          produced = NativeSnappy.AVAILABLE
              ? NativeSnappy.decompress(input, offset, length, output, outOffset,
                  uncompressedLength)
              : decompressor.decompress(input, offset, length, output, outOffset,
                  uncompressedLength);
          break;
        case LZ4:
          produced = hadoopLz4(input, offset, length, output, outOffset, uncompressedLength);
          break;
        default:
          produced = decompressor.decompress(input, offset, length, output, outOffset,
              uncompressedLength);
      }
    } catch (CorruptPageException e) {
      throw e;
    } catch (RuntimeException | IOException e) {
      throw new CorruptPageException(codec + " data cannot be decompressed: " + e.getMessage(), e);
    }
    if (produced != uncompressedLength) {
      throw new CorruptPageException(codec + " data decompressed to " + produced
          + " bytes, but the page header announces " + uncompressedLength);
    }
  }

  private static int gunzip(byte[] input, int offset, int length, byte[] output, int outOffset,
      int uncompressedLength) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(input, offset, length))) {
      int produced = in.readNBytes(output, outOffset, uncompressedLength);
      if (produced == uncompressedLength && in.read() >= 0) {
        throw new CorruptPageException("GZIP data holds more than the " + uncompressedLength
            + " bytes the page header announces");
      }
      return produced;
    }
  }

  /**
   * Legacy LZ4 as written by Hadoop's codec: blocks of [4-byte BE uncompressed size][4-byte BE
   * compressed size][raw LZ4 block]. Some writers used plain LZ4 blocks under the same codec id,
   * so when the framing does not fit the payload exactly, it is read as one raw block.
   */
  private int hadoopLz4(byte[] input, int offset, int length, byte[] output, int outOffset,
      int uncompressedLength) {
    int produced = tryHadoopFraming(input, offset, length, output, outOffset, uncompressedLength);
    if (produced >= 0) {
      return produced;
    }
    return decompressor.decompress(input, offset, length, output, outOffset, uncompressedLength);
  }

  /** Returns the bytes produced, or -1 when the payload is not Hadoop-framed. */
  private int tryHadoopFraming(byte[] input, int offset, int length, byte[] output, int outOffset,
      int uncompressedLength) {
    int in = offset;
    int end = offset + length;
    int out = 0;
    while (in < end) {
      // 4 bytes, not 8: Hadoop's stream ends a large page with an empty block (length 0, no
      // chunk) when the input was written in one piece bigger than its buffer.
      if (end - in < 4) {
        return -1;
      }
      long blockUncompressed = readIntBigEndian(input, in) & 0xFFFF_FFFFL;
      in += 4;
      // One framed block may hold several compressed chunks, each with its own length prefix.
      long blockEnd = out + blockUncompressed;
      if (blockEnd > uncompressedLength) {
        return -1;
      }
      while (out < blockEnd) {
        if (end - in < 4) {
          return -1;
        }
        long chunk = readIntBigEndian(input, in) & 0xFFFF_FFFFL;
        in += 4;
        if (chunk > end - in) {
          return -1;
        }
        int n;
        try {
          n = decompressor.decompress(input, in, (int) chunk, output, outOffset + out,
              (int) (blockEnd - out));
        } catch (RuntimeException e) {
          return -1;
        }
        in += (int) chunk;
        out += n;
        if (n == 0) {
          return -1;
        }
      }
    }
    return out;
  }

  private static int readIntBigEndian(byte[] b, int i) {
    return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8)
        | (b[i + 3] & 0xFF);
  }
}
