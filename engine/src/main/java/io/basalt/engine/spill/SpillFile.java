package io.basalt.engine.spill;

import io.basalt.engine.exec.BatchStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * One temporary file of a query: an Arrow IPC stream whose buffers are LZ4-compressed (LZ4_FRAME). Batches
 * are appended ({@link #write}, thread-safe, so several workers can fill one partition's file),
 * then the file is {@link #finish finished} and read back as a {@link BatchStream} of owned batches,
 * any number of times, until it is deleted.
 */
public final class SpillFile {
  private final SpillManager manager;
  private final Path path;
  private final Schema schema;
  private final CompressionCodec codec;
  private CountingChannel channel;
  private WriteChannel out;
  private long rows;
  private boolean finished;
  private boolean deleted;

  SpillFile(SpillManager manager, Path path, Schema schema, boolean compressed) {
    this.manager = manager;
    this.path = path;
    this.schema = schema;
    this.codec = compressed ? Lz4FrameCodec.FACTORY.createCodec(
        org.apache.arrow.vector.compression.CompressionUtil.CodecType.LZ4_FRAME)
        : org.apache.arrow.vector.compression.NoCompressionCodec.INSTANCE;
  }

  /** Rows written. */
  public synchronized long rows() {
    return rows;
  }

  /** Bytes on disk. */
  public synchronized long bytes() {
    return channel == null ? 0 : channel.count;
  }

  /** Appends the rows of {@code batch} (whose schema must be this file's); the caller keeps it. */
  public synchronized void write(VectorSchemaRoot batch) {
    if (finished || deleted) {
      throw new IllegalStateException("spill file " + path + " is no longer writable");
    }
    if (batch.getRowCount() == 0) {
      return;
    }
    try {
      long before = channel == null ? 0 : channel.count;
      if (out == null) {
        channel = new CountingChannel(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
        out = new WriteChannel(channel);
        MessageSerializer.serialize(out, schema, IpcOption.DEFAULT);
      }
      try (ArrowRecordBatch rb = new VectorUnloader(batch, true, codec, true).getRecordBatch()) {
        MessageSerializer.serialize(out, rb, IpcOption.DEFAULT);
      }
      rows += batch.getRowCount();
      manager.written(channel.count - before);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write spill file " + path + ": " + e.getMessage()
          + "; check free space in spill_dir", e);
    }
  }

  /** Ends the stream; no writes after this. Idempotent. */
  public synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (out == null) {
      return;
    }
    try {
      long before = channel.count;
      ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
      channel.close();
      manager.written(channel.count - before);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish spill file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads the finished file's batches, allocated from {@code allocator}. */
  public BatchStream read(BufferAllocator allocator) {
    synchronized (this) {
      if (!finished || deleted) {
        throw new IllegalStateException("spill file " + path + " is not readable");
      }
      if (out == null) {
        return new BatchStream() {
          @Override
          public VectorSchemaRoot next() {
            return null;
          }

          @Override
          public void close() {}
        };
      }
    }
    try {
      InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
      ArrowStreamReader reader = new ArrowStreamReader(in, allocator, Lz4FrameCodec.FACTORY);
      return new BatchStream() {
        @Override
        public VectorSchemaRoot next() throws IOException {
          if (!reader.loadNextBatch()) {
            return null;
          }
          VectorSchemaRoot loaded = reader.getVectorSchemaRoot();
          List<FieldVector> owned = new ArrayList<>(loaded.getFieldVectors().size());
          for (FieldVector v : loaded.getFieldVectors()) {
            TransferPair t = v.getTransferPair(allocator);
            t.transfer();
            owned.add((FieldVector) t.getTo());
          }
          VectorSchemaRoot batch = new VectorSchemaRoot(owned);
          batch.setRowCount(loaded.getRowCount());
          return batch;
        }

        @Override
        public void close() {
          try {
            reader.close();
          } catch (IOException e) {
            // Reading is over; the file is deleted with the query.
          }
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spill file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the file and gives its bytes back to the query's temp budget. */
  public synchronized void delete() {
    if (deleted) {
      return;
    }
    deleted = true;
    long size = bytes();
    try {
      if (channel != null && !finished) {
        channel.close();
      }
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // The folder goes with the query; a file that stays is reported by nothing we can fix here.
    }
    manager.released(size);
  }

  /** Counts the bytes written through it. */
  private static final class CountingChannel implements WritableByteChannel {
    private final OutputStream out;
    private long count;
    private boolean open = true;
    /** Arrow hands over direct buffers; their bytes pass through this reused array. */
    private byte[] scratch = new byte[0];

    CountingChannel(OutputStream out) {
      this.out = out;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      int n = src.remaining();
      if (src.hasArray()) {
        out.write(src.array(), src.arrayOffset() + src.position(), n);
        src.position(src.limit());
      } else {
        if (scratch.length < n) {
          scratch = new byte[n];
        }
        src.get(scratch, 0, n);
        out.write(scratch, 0, n);
      }
      count += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() throws IOException {
      if (open) {
        open = false;
        out.close();
      }
    }
  }
}
