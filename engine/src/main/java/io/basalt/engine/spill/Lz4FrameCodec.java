package io.basalt.engine.spill;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/**
 * Arrow IPC buffer compression in the LZ4 frame format (Arrow's LZ4_FRAME codec), on the pure-Java
 * LZ4 block codec the Parquet reader already uses (aircompressor); this class adds the frame around
 * it. LZ4 rather than Zstandard because spilling is on the query's critical path: with pure-Java
 * Zstandard, compression took about half of a spilling aggregation's time. Spill files stay
 * standard Arrow IPC that any Arrow reader opens.
 *
 * <p>Frame layout written: magic, a descriptor with independent blocks of at most 4 MB and no
 * checksums, the header checksum, the blocks (each compressed unless that does not make it
 * smaller), an end mark. Reading accepts any frame of independent blocks without a dictionary.
 */
final class Lz4FrameCodec extends AbstractCompressionCodec {
  /** Creates this codec for LZ4_FRAME streams (and the no-op codec for uncompressed ones). */
  static final CompressionCodec.Factory FACTORY = new CompressionCodec.Factory() {
    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type) {
      return switch (type) {
        case LZ4_FRAME -> new Lz4FrameCodec();
        case NO_COMPRESSION -> NoCompressionCodec.INSTANCE;
        default -> throw new IllegalArgumentException("spill files do not use " + type);
      };
    }

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
      return createCodec(type);
    }
  };

  private static final int MAGIC = 0x184D2204;
  /** Version 01, independent blocks, no block or content checksum, no content size. */
  private static final byte FLG = 0x60;
  /** Block maximum size 4 MB. */
  private static final byte BD = 0x70;
  private static final int BLOCK = 4 << 20;
  private static final int HEADER = 7;
  /** The header checksum: the second byte of XXH32 over the descriptor (FLG, BD). */
  private static final byte HEADER_CHECKSUM = (byte) (xxh32(new byte[] {FLG, BD}) >>> 8);

  private final Lz4Compressor compressor = new Lz4Compressor();
  private final Lz4Decompressor decompressor = new Lz4Decompressor();

  @Override
  protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
    byte[] frame = compress(toArray(uncompressed, 0, uncompressed.writerIndex()));
    long prefix = CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
    ArrowBuf buf = allocator.buffer(prefix + frame.length);
    buf.setBytes(prefix, frame, 0, frame.length);
    buf.writerIndex(prefix + frame.length);
    return buf;
  }

  @Override
  protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
    long length = readUncompressedLength(compressed);
    long prefix = CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
    byte[] frame = toArray(compressed, prefix, compressed.writerIndex() - prefix);
    byte[] out = decompress(frame, Math.toIntExact(length));
    ArrowBuf buf = allocator.buffer(length);
    buf.setBytes(0, out);
    buf.writerIndex(length);
    return buf;
  }

  @Override
  public CompressionUtil.CodecType getCodecType() {
    return CompressionUtil.CodecType.LZ4_FRAME;
  }

  private static byte[] toArray(ArrowBuf buf, long from, long length) {
    byte[] a = new byte[Math.toIntExact(length)];
    buf.getBytes(from, a);
    return a;
  }

  /** {@code in} as one LZ4 frame. */
  byte[] compress(byte[] in) {
    int blocks = Math.max(1, (in.length + BLOCK - 1) / BLOCK);
    byte[] out = new byte[HEADER + blocks * 4 + compressor.maxCompressedLength(in.length)
        + blocks * 16 + 4];
    int pos = 0;
    putInt(out, pos, MAGIC);
    out[4] = FLG;
    out[5] = BD;
    out[6] = HEADER_CHECKSUM;
    pos = HEADER;
    for (int from = 0; from < in.length; from += BLOCK) {
      int len = Math.min(BLOCK, in.length - from);
      int n = compressor.compress(in, from, len, out, pos + 4, out.length - pos - 4);
      if (n >= len) { // stored: the high bit marks an uncompressed block
        putInt(out, pos, len | 0x80000000);
        System.arraycopy(in, from, out, pos + 4, len);
        n = len;
      } else {
        putInt(out, pos, n);
      }
      pos += 4 + n;
    }
    putInt(out, pos, 0);
    return java.util.Arrays.copyOf(out, pos + 4);
  }

  /** The {@code length} bytes LZ4 frame {@code frame} holds. */
  byte[] decompress(byte[] frame, int length) {
    if (frame.length < HEADER || getInt(frame, 0) != MAGIC) {
      throw corrupt("no LZ4 frame magic");
    }
    int flg = frame[4] & 0xFF;
    if ((flg >>> 6) != 1 || (flg & 0x20) == 0 || (flg & 0x01) != 0) {
      throw corrupt("unsupported LZ4 frame flags " + Integer.toHexString(flg));
    }
    boolean blockChecksums = (flg & 0x10) != 0;
    int pos = 6 + ((flg & 0x08) != 0 ? 8 : 0) + 1; // descriptor, content size, header checksum
    byte[] out = new byte[length];
    int written = 0;
    while (true) {
      if (pos + 4 > frame.length) {
        throw corrupt("truncated LZ4 frame");
      }
      int word = getInt(frame, pos);
      pos += 4;
      if (word == 0) {
        break;
      }
      int size = word & 0x7FFFFFFF;
      if (pos + size > frame.length) {
        throw corrupt("truncated LZ4 block");
      }
      if (word < 0) {
        System.arraycopy(frame, pos, out, written, size);
        written += size;
      } else {
        written += decompressor.decompress(frame, pos, size, out, written, length - written);
      }
      pos += size + (blockChecksums ? 4 : 0);
    }
    if (written != length) {
      throw corrupt("a buffer decompressed to " + written + " bytes instead of " + length);
    }
    return out;
  }

  private static IllegalStateException corrupt(String what) {
    return new IllegalStateException("corrupt spill file: " + what);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  private static int getInt(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16
        | (b[at + 3] & 0xFF) << 24;
  }

  /** XXH32 with seed 0 of a short input (under 16 bytes): the frame header's checksum. */
  static int xxh32(byte[] in) {
    final int p1 = 0x9E3779B1;
    final int p2 = 0x85EBCA77;
    final int p3 = 0xC2B2AE3D;
    final int p4 = 0x27D4EB2F;
    final int p5 = 0x165667B1;
    if (in.length >= 16) {
      throw new IllegalArgumentException("xxh32 here is for headers only");
    }
    int h = p5 + in.length;
    int i = 0;
    for (; i + 4 <= in.length; i += 4) {
      h += getInt(in, i) * p3;
      h = Integer.rotateLeft(h, 17) * p4;
    }
    for (; i < in.length; i++) {
      h += (in[i] & 0xFF) * p5;
      h = Integer.rotateLeft(h, 11) * p1;
    }
    h ^= h >>> 15;
    h *= p2;
    h ^= h >>> 13;
    h *= p3;
    h ^= h >>> 16;
    return h;
  }
}
