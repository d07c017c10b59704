package io.basalt.engine.exec.sort;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.EmptyStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.vector.VectorTake;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * LIMIT / OFFSET without ORDER BY: one stream (copy 0) over all copies of the input ({@link
 * QueryRun#gather}), skipping the first OFFSET rows and closing the input as soon as LIMIT rows
 * passed — which stops the workers, so a LIMIT over a scan reads only the row groups it needs.
 * Over an ordered input the rows are the first ones of that order.
 */
public final class LimitNode implements PhysicalNode {
  private final PhysicalNode input;
  private final RowBound offset;
  private final RowBound fetch;

  /**
   * @param offset rows to skip, or null for none
   * @param fetch rows to return at most, or null for all
   */
  public LimitNode(PhysicalNode input, RowBound offset, RowBound fetch) {
    this.input = input;
    this.offset = offset;
    this.fetch = fetch;
  }

  @Override
  public Schema schema() {
    return input.schema();
  }

  @Override
  public List<PhysicalNode> inputs() {
    return List.of(input);
  }

  @Override
  public boolean ordered() {
    return true;
  }

  @Override
  public String name() {
    return "Limit";
  }

  @Override
  public BatchStream open(QueryRun run, int copy) throws Exception {
    if (copy != 0) {
      return EmptyStream.INSTANCE;
    }
    ExecContext context = run.context();
    long skip = offset == null ? 0 : offset.resolve(context);
    long remaining = fetch == null ? Long.MAX_VALUE : fetch.resolve(context);
    if (remaining == 0) {
      return EmptyStream.INSTANCE; // LIMIT 0 starts no reader
    }
    return new Limited(run, run.gather(input), skip, remaining);
  }

  /** Rows [skip, skip + remaining) of a stream, which it closes as soon as it has them. */
  static final class Limited implements BatchStream {
    private final QueryRun run;
    private BatchStream in;
    private long skip;
    private long remaining;

    Limited(QueryRun run, BatchStream in, long skip, long remaining) {
      this.run = run;
      this.in = in;
      this.skip = skip;
      this.remaining = remaining;
    }

    @Override
    public VectorSchemaRoot next() throws java.io.IOException {
      while (in != null) {
        if (remaining == 0) {
          close();
          return null;
        }
        VectorSchemaRoot b = in.next();
        if (b == null) {
          close();
          return null;
        }
        int n = b.getRowCount();
        if (skip >= n) {
          skip -= n;
          b.close();
          continue;
        }
        int from = (int) skip;
        skip = 0;
        int take = (int) Math.min(n - from, remaining);
        remaining -= take;
        if (remaining == 0) {
          close(); // stop the producers before handing out the last batch
        }
        if (from == 0 && take == n) {
          return b;
        }
        try {
          int[] rows = new int[take];
          for (int i = 0; i < take; i++) {
            rows[i] = from + i;
          }
          return VectorTake.take(b, rows, take, run.context().allocator());
        } finally {
          b.close();
        }
      }
      return null;
    }

    @Override
    public void close() {
      if (in != null) {
        BatchStream s = in;
        in = null;
        s.close();
      }
    }
  }
}
