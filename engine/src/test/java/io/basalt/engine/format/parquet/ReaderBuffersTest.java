package io.basalt.engine.format.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReaderBuffersTest {
  /** Empties the process-wide pool, so that each test sees only what it released. */
  @BeforeEach
  void drainPool() {
    for (int i = 0; i < ReaderBuffers.POOLED; i++) {
      ReaderBuffers.acquire();
    }
  }

  @Test
  void releasedBuffersAreHandedOutAgainMostRecentFirst() {
    ReaderBuffers first = ReaderBuffers.acquire();
    ReaderBuffers second = ReaderBuffers.acquire();
    first.column(0).window = new byte[1024];
    ReaderBuffers.release(first);
    ReaderBuffers.release(second);

    assertSame(second, ReaderBuffers.acquire());
    ReaderBuffers again = ReaderBuffers.acquire();
    assertSame(first, again);
    assertEquals(1024, again.column(0).window.length, "grown arrays travel with the buffers");
    assertNotSame(first, ReaderBuffers.acquire(), "an empty pool makes new buffers");
  }

  @Test
  void thePoolKeepsAtMostItsCapacity() {
    List<ReaderBuffers> released = new ArrayList<>();
    for (int i = 0; i <= ReaderBuffers.POOLED; i++) {
      ReaderBuffers b = new ReaderBuffers();
      released.add(b);
      ReaderBuffers.release(b);
    }
    Set<ReaderBuffers> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i <= ReaderBuffers.POOLED; i++) {
      handedOut.add(ReaderBuffers.acquire());
    }
    handedOut.retainAll(released);
    assertEquals(ReaderBuffers.POOLED, handedOut.size(), "one release beyond capacity is dropped");
  }

  @Test
  void oversizedBuffersAreNotPooled() {
    ReaderBuffers big = new ReaderBuffers();
    big.column(3).longs = new long[(int) (ReaderBuffers.MAX_POOLED_BYTES / 8) + 1];
    assertTrue(big.retainedBytes() > ReaderBuffers.MAX_POOLED_BYTES);
    ReaderBuffers.release(big);
    assertNotSame(big, ReaderBuffers.acquire());
  }

  @Test
  void retainedBytesCountsEveryArray() {
    ReaderBuffers b = new ReaderBuffers();
    ColumnBuffers c = b.column(0);
    long empty = b.retainedBytes();
    c.page = new byte[100];
    c.ints = new int[10];
    c.dictLongs = new long[10];
    c.batchBinaries = new io.basalt.engine.format.parquet.decode.BinaryValues();
    long binaries = c.batchBinaries.data().length + 4L * c.batchBinaries.offsets().length;
    assertEquals(empty + 100 + 40 + 80 + binaries, b.retainedBytes());
    assertFalse(b.retainedBytes() > ReaderBuffers.MAX_POOLED_BYTES);
  }
}
