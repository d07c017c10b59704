package io.basalt.engine.spill;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/**
 * Arrow IPC buffer compression with Zstandard, on the pure-Java codec the Parquet reader already
 * uses (aircompressor): spill files are standard compressed Arrow IPC streams without a native
 * library. Buffers are copied through heap arrays, which costs little next to the disk write.
 */
final class ZstdCodec extends AbstractCompressionCodec {
  /** Creates this codec for ZSTD streams (and the no-op codec for uncompressed ones). */
  static final CompressionCodec.Factory FACTORY = new CompressionCodec.Factory() {
    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type) {
      return switch (type) {
        case ZSTD -> new ZstdCodec();
        case NO_COMPRESSION -> NoCompressionCodec.INSTANCE;
        default -> throw new IllegalArgumentException("spill files do not use " + type);
      };
    }

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
      return createCodec(type);
    }
  };

  private final ZstdCompressor compressor = new ZstdCompressor();
  private final ZstdDecompressor decompressor = new ZstdDecompressor();

  @Override
  protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
    int length = Math.toIntExact(uncompressed.writerIndex());
    byte[] in = new byte[length];
    uncompressed.getBytes(0, in);
    byte[] out = new byte[compressor.maxCompressedLength(length)];
    int written = compressor.compress(in, 0, length, out, 0, out.length);
    ArrowBuf buf = allocator.buffer(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + written);
    buf.setBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, out, 0, written);
    buf.writerIndex(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + written);
    return buf;
  }

  @Override
  protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
    long length = readUncompressedLength(compressed);
    int size = Math.toIntExact(compressed.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH);
    byte[] in = new byte[size];
    compressed.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, in);
    byte[] out = new byte[Math.toIntExact(length)];
    int n = decompressor.decompress(in, 0, size, out, 0, out.length);
    if (n != length) {
      throw new IllegalStateException("corrupt spill file: a buffer decompressed to " + n
          + " bytes instead of " + length);
    }
    ArrowBuf buf = allocator.buffer(length);
    buf.setBytes(0, out);
    buf.writerIndex(length);
    return buf;
  }

  @Override
  public CompressionUtil.CodecType getCodecType() {
    return CompressionUtil.CodecType.ZSTD;
  }
}
