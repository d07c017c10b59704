package io.basalt.engine.exec.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.basalt.engine.exec.BatchStream;
import io.basalt.engine.exec.ExecContext;
import io.basalt.engine.exec.PhysicalNode;
import io.basalt.engine.exec.QueryProfile;
import io.basalt.engine.exec.QueryRun;
import io.basalt.engine.exec.SharedBatches;
import io.basalt.engine.exec.setop.ValuesNode;
import io.basalt.engine.exec.sort.SortKey;
import io.basalt.engine.exec.sort.SortTestSupport;
import io.basalt.engine.exec.window.WindowFrame.Bound;
import io.basalt.engine.exec.window.WindowFrame.BoundKind;
import io.basalt.engine.exec.window.WindowFunction.Kind;
import io.basalt.engine.pushdown.ParameterValues;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WindowNode against a naive reference written from the SQL definitions (each frame found by
 * testing every row of the partition, each aggregate recomputed from scratch), on random rows
 * with many ties, NULLs, one-row partitions and awkward values, with 1 and 2 workers and small
 * batches; the allocator must be empty afterwards.
 */
class WindowNodeTest {
  private final BufferAllocator allocator = new RootAllocator();

  // id, p (int partition), q (varchar partition), k (bigint order key), d (double), dec(12,2),
  // wide(30,5), s (varchar), dt (date), b (bool)
  static final Schema SCHEMA = new Schema(List.of(
      field("id", new ArrowType.Int(32, true)),
      field("p", new ArrowType.Int(32, true)),
      field("q", ArrowType.Utf8.INSTANCE),
      field("k", new ArrowType.Int(64, true)),
      field("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
      field("dec", new ArrowType.Decimal(12, 2, 128)),
      field("wide", new ArrowType.Decimal(30, 5, 128)),
      field("s", ArrowType.Utf8.INSTANCE),
      field("dt", new ArrowType.Date(DateUnit.DAY)),
      field("b", ArrowType.Bool.INSTANCE)));
  static final int ID = 0;
  static final int P = 1;
  static final int Q = 2;
  static final int K = 3;
  static final int D = 4;
  static final int DEC = 5;
  static final int WIDE = 6;
  static final int S = 7;
  static final int DT = 8;
  static final int B = 9;

  private static final Field BIGINT = field("x", new ArrowType.Int(64, true));
  private static final Field INT = field("x", new ArrowType.Int(32, true));
  private static final Field DOUBLE =
      field("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));

  static Field field(String name, ArrowType type) {
    return new Field(name, new FieldType(true, type, null), null);
  }

  @AfterEach
  void noLeak() {
    assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
    allocator.close();
  }

  static List<Object[]> rows(int n, long seed, int partitions) {
    Random r = new Random(seed);
    String[] strings = {"", "a", "ab", "b", "é", "zz", "\uD83D\uDE00"};
    // Dyadic values of moderate size: every sum is exact, whatever the order of additions.
    double[] doubles = {1.5, -2.25, 0.0, 1e6, -1e6, 3.0, 0.125};
    List<Object[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object[] row = new Object[SCHEMA.getFields().size()];
      row[ID] = i;
      row[P] = r.nextInt(20) == 0 ? null : r.nextInt(partitions);
      row[Q] = r.nextInt(15) == 0 ? null : strings[r.nextInt(3)];
      row[K] = r.nextInt(12) == 0 ? null : (long) r.nextInt(40) - 10;
      row[D] = r.nextInt(10) == 0 ? null : doubles[r.nextInt(doubles.length)];
      row[DEC] = r.nextInt(9) == 0 ? null : BigDecimal.valueOf(r.nextInt(200001) - 100000, 2);
      row[WIDE] = r.nextInt(8) == 0 ? null
          : new BigDecimal(new java.math.BigInteger(100, r).subtract(java.math.BigInteger.ONE
              .shiftLeft(99)), 5);
      row[S] = r.nextInt(6) == 0 ? null : strings[r.nextInt(strings.length)] + r.nextInt(3);
      row[DT] = r.nextInt(7) == 0 ? null : 9000 + r.nextInt(60);
      row[B] = r.nextInt(5) == 0 ? null : r.nextBoolean();
      rows.add(row);
    }
    return rows;
  }

  // ------------------------------------------------------------------ engine runs

  /** Runs a window over {@code rows} and returns each output row keyed by id. */
  private Map<Integer, Object[]> runWindow(List<Object[]> rows, List<WindowGroup> groups,
      int threads, int batchRows) throws Exception {
    List<Field> fields = new ArrayList<>(SCHEMA.getFields());
    for (WindowGroup g : groups) {
      for (WindowFunction f : g.functions()) {
        fields.add(f.output());
      }
    }
    PhysicalNode source = new Source(SCHEMA, rows, batchRows);
    WindowNode node = new WindowNode(source, groups, new Schema(fields));
    ExecContext context = new ExecContext(allocator, batchRows, new AtomicBoolean(),
        ParameterValues.NONE, new QueryProfile());
    Map<Integer, Object[]> out = new HashMap<>();
    try (QueryRun run = new QueryRun(context, threads); BatchStream s = run.execute(node)) {
      VectorSchemaRoot next;
      while ((next = s.next()) != null) {
        try (VectorSchemaRoot b = next) {
          assertEquals(fields.size(), b.getFieldVectors().size());
          for (int r = 0; r < b.getRowCount(); r++) {
            Object[] row = new Object[fields.size()];
            for (int c = 0; c < row.length; c++) {
              row[c] = read(b.getVector(c), r);
            }
            assertTrue(out.put((Integer) row[ID], row) == null, "row twice");
          }
        }
      }
    }
    return out;
  }

  static Object read(FieldVector v, int r) {
    if (v.isNull(r)) {
      return null;
    }
    if (v instanceof BitVector b) {
      return b.get(r) != 0;
    } else if (v instanceof Float8Vector f) {
      return f.get(r);
    } else if (v instanceof DecimalVector d) {
      return d.getObject(r);
    } else if (v instanceof VarCharVector s) {
      return new String(s.get(r), StandardCharsets.UTF_8);
    } else if (v instanceof DateDayVector d) {
      return d.get(r);
    } else if (v instanceof BaseIntVector i) {
      long x = i.getValueAsLong(r);
      return v.getField().getType() instanceof ArrowType.Int t && t.getBitWidth() == 32
          && v.getField().getName().equals("id") ? (Object) (int) x : (Object) x;
    }
    throw new IllegalArgumentException(v.getField().toString());
  }

  /** A scan stand-in: rows in batches, handed to whichever copy asks. */
  static final class Source implements PhysicalNode {
    private final Schema schema;
    private final List<Object[]> rows;
    private final int batchRows;
    private final AtomicInteger cursor = new AtomicInteger();
    private final boolean ordered;

    Source(Schema schema, List<Object[]> rows, int batchRows) {
      this(schema, rows, batchRows, false);
    }

    Source(Schema schema, List<Object[]> rows, int batchRows, boolean ordered) {
      this.schema = schema;
      this.rows = rows;
      this.batchRows = batchRows;
      this.ordered = ordered;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of();
    }

    @Override
    public boolean ordered() {
      return ordered;
    }

    @Override
    public void prepare(QueryRun run) {
      cursor.set(0);
      run.putState(this, new SharedBatches(List.of()));
    }

    @Override
    public BatchStream open(QueryRun run, int copy) {
      return new BatchStream() {
        @Override
        public VectorSchemaRoot next() {
          int b = cursor.getAndIncrement();
          int from = b * batchRows;
          if (from >= rows.size()) {
            return null;
          }
          return ValuesNode.batch(schema,
              new ArrayList<>(rows.subList(from, Math.min(rows.size(), from + batchRows))),
              run.context().allocator());
        }

        @Override
        public void close() {}
      };
    }
  }

  // ------------------------------------------------------------------ reference

  /** The expected value of every function for every row, keyed by id. */
  static Map<Integer, Object[]> reference(List<Object[]> rows, List<WindowGroup> groups) {
    int width = SCHEMA.getFields().size();
    for (WindowGroup g : groups) {
      width += g.functions().size();
    }
    Map<Integer, Object[]> out = new HashMap<>();
    for (Object[] row : rows) {
      out.put((Integer) row[ID], Arrays.copyOf(row, width));
    }
    int col = SCHEMA.getFields().size();
    for (WindowGroup g : groups) {
      Map<List<Object>, List<Object[]>> parts = new LinkedHashMap<>();
      for (Object[] row : rows) {
        List<Object> key = new ArrayList<>();
        for (int c : g.partitionKeys()) {
          key.add(row[c]);
        }
        parts.computeIfAbsent(key, x -> new ArrayList<>()).add(row);
      }
      for (List<Object[]> part : parts.values()) {
        List<Object[]> sorted = new ArrayList<>(part);
        sorted.sort((a, b) -> SortTestSupport.compareRows(a, b, g.orderKeys()));
        for (int i = 0; i < sorted.size(); i++) {
          Object[] target = out.get((Integer) sorted.get(i)[ID]);
          List<Object[]> frame = frame(g, sorted, i);
          for (int f = 0; f < g.functions().size(); f++) {
            target[col + f] = expected(g, g.functions().get(f), sorted, i, frame);
          }
        }
      }
      col += g.functions().size();
    }
    return out;
  }

  static boolean peers(WindowGroup g, Object[] a, Object[] b) {
    return SortTestSupport.compareRows(a, b, g.orderKeys()) == 0;
  }

  /** Whether row j of the sorted partition is in row i's frame, by the definition. */
  static boolean inFrame(WindowGroup g, List<Object[]> part, int i, int j) {
    WindowFrame f = g.frame();
    return satisfies(g, f.rows(), f.lower(), true, part, i, j)
        && satisfies(g, f.rows(), f.upper(), false, part, i, j);
  }

  private static boolean satisfies(WindowGroup g, boolean rows, Bound bound, boolean lower,
      List<Object[]> part, int i, int j) {
    switch (bound.kind()) {
      case UNBOUNDED_PRECEDING:
        return lower;
      case UNBOUNDED_FOLLOWING:
        return !lower;
      case CURRENT_ROW:
        if (rows) {
          return lower ? j >= i : j <= i;
        }
        int c = SortTestSupport.compareRows(part.get(j), part.get(i), g.orderKeys());
        return lower ? c >= 0 : c <= 0;
      default:
        long off = bound.offset() * (bound.kind() == BoundKind.PRECEDING ? -1 : 1);
        if (rows) {
          return lower ? (long) j - i >= off : (long) j - i <= off;
        }
        SortKey key = g.orderKeys().get(0);
        Object vi = part.get(i)[key.column()];
        Object vj = part.get(j)[key.column()];
        if (vi == null) {
          // A NULL row's offset bound is the edge of its peer group (the NULL rows).
          int peer = SortTestSupport.compareRows(part.get(j), part.get(i), g.orderKeys());
          return lower ? peer >= 0 : peer <= 0;
        }
        if (vj == null) {
          // NULL rows lie beyond every value on their side of the partition.
          boolean atEnd = !key.nullsFirst();
          return lower == atEnd;
        }
        long x = ((Number) vi).longValue();
        long y = ((Number) vj).longValue();
        long dir = key.descending() ? -1 : 1;
        // In sort-order units: the bound is x + off (positions increase with dir * value).
        java.math.BigInteger target = java.math.BigInteger.valueOf(x)
            .add(java.math.BigInteger.valueOf(off).multiply(java.math.BigInteger.valueOf(dir)));
        int cmp = java.math.BigInteger.valueOf(y).compareTo(target) * (int) dir;
        return lower ? cmp >= 0 : cmp <= 0;
    }
  }

  static List<Object[]> frame(WindowGroup g, List<Object[]> part, int i) {
    List<Object[]> frame = new ArrayList<>();
    for (int j = 0; j < part.size(); j++) {
      if (inFrame(g, part, i, j)) {
        frame.add(part.get(j));
      }
    }
    return frame;
  }

  static Object expected(WindowGroup g, WindowFunction fn, List<Object[]> part, int i) {
    return expected(g, fn, part, i, frame(g, part, i));
  }

  static Object expected(WindowGroup g, WindowFunction fn, List<Object[]> part, int i,
      List<Object[]> frame) {
    int size = part.size();
    int rank = 1;
    while (rank - 1 < i && !peers(g, part.get(rank - 1), part.get(i))) {
      rank++;
    }
    int firstPeer = rank - 1;
    switch (fn.kind()) {
      case ROW_NUMBER:
        return (long) i + 1;
      case RANK:
        return (long) firstPeer + 1;
      case DENSE_RANK: {
        long d = 1;
        for (int j = 1; j <= i; j++) {
          if (!peers(g, part.get(j - 1), part.get(j))) {
            d++;
          }
        }
        return d;
      }
      case PERCENT_RANK:
        return size == 1 ? 0.0 : (double) firstPeer / (size - 1);
      case CUME_DIST: {
        int last = i;
        while (last + 1 < size && peers(g, part.get(last + 1), part.get(i))) {
          last++;
        }
        return (double) (last + 1) / size;
      }
      case NTILE: {
        // Deal rows one by one into buckets of the sizes NTILE prescribes.
        long n = fn.parameter();
        long row = 0;
        for (long b = 1; b <= n; b++) {
          long bucketSize = size / n + (b <= size % n ? 1 : 0);
          if (i < row + bucketSize) {
            return b;
          }
          row += bucketSize;
        }
        throw new AssertionError();
      }
      case LAG:
      case LEAD: {
        long j = fn.kind() == Kind.LAG ? i - fn.parameter() : i + fn.parameter();
        if (j >= 0 && j < size) {
          return part.get((int) j)[fn.argument()];
        }
        if (fn.defaultColumn() >= 0) {
          return part.get(i)[fn.defaultColumn()];
        }
        return fn.defaultValue();
      }
      default:
        break;
    }
    switch (fn.kind()) {
      case FIRST_VALUE:
        return frame.isEmpty() ? null : frame.get(0)[fn.argument()];
      case LAST_VALUE:
        return frame.isEmpty() ? null : frame.get(frame.size() - 1)[fn.argument()];
      case NTH_VALUE:
        return frame.size() < fn.parameter() ? null
            : frame.get((int) fn.parameter() - 1)[fn.argument()];
      case COUNT:
        return fn.argument() < 0 ? (long) frame.size()
            : frame.stream().filter(r -> r[fn.argument()] != null).count();
      case MIN:
      case MAX: {
        Object best = null;
        for (Object[] r : frame) {
          Object v = r[fn.argument()];
          if (v != null && (best == null || (fn.kind() == Kind.MIN ? SortTestSupport.compareValues(v, best) < 0
              : SortTestSupport.compareValues(v, best) > 0))) {
            best = v;
          }
        }
        return best;
      }
      case SUM:
      case SUM0:
      case AVG: {
        BigDecimal sum = BigDecimal.ZERO;
        int count = 0;
        for (Object[] r : frame) {
          Object v = r[fn.argument()];
          if (v != null) {
            sum = sum.add(v instanceof BigDecimal bd ? bd : v instanceof Double dd
                ? BigDecimal.valueOf(dd) : BigDecimal.valueOf(((Number) v).longValue()));
            count++;
          }
        }
        if (count == 0 && fn.kind() != Kind.SUM0) {
          return null;
        }
        if (fn.kind() == Kind.AVG) {
          return sum.doubleValue() / count;
        }
        Object sample = part.get(0)[fn.argument()];
        ArrowType t = SCHEMA.getFields().get(fn.argument()).getType();
        if (t instanceof ArrowType.FloatingPoint) {
          return sum.doubleValue();
        }
        if (t instanceof ArrowType.Decimal) {
          return sum.setScale(((ArrowType.Decimal) t).getScale());
        }
        return sum.longValueExact();
      }
      default:
        throw new AssertionError(fn.kind());
    }
  }

  private void check(List<Object[]> rows, List<WindowGroup> groups, int batchRows)
      throws Exception {
    Map<Integer, Object[]> expected = reference(rows, groups);
    for (int threads : new int[] {1, 2}) {
      Map<Integer, Object[]> actual = runWindow(rows, groups, threads, batchRows);
      assertEquals(expected.size(), actual.size());
      for (Map.Entry<Integer, Object[]> e : expected.entrySet()) {
        Object[] want = e.getValue();
        Object[] got = actual.get(e.getKey());
        for (int c = 0; c < got.length; c++) {
          if (!same(want[c], got[c])) {
            fail("threads=" + threads + " row id " + e.getKey() + " column " + c + ": expected "
                + want[c] + " got " + got[c] + "\nrow " + Arrays.toString(want) + "\ngot "
                + Arrays.toString(got) + "\ngroups " + groups);
          }
        }
      }
    }
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Double x && b instanceof Double y) {
      return x.equals(y) || Math.abs(x - y) <= 1e-9 * Math.max(1, Math.max(Math.abs(x),
          Math.abs(y)));
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    if ((a instanceof Integer || a instanceof Long) && (b instanceof Integer || b instanceof Long)) {
      return ((Number) a).longValue() == ((Number) b).longValue();
    }
    return Objects.equals(a, b);
  }

  private static Field out(int column) {
    return SCHEMA.getFields().get(column);
  }

  private static WindowFrame rows(BoundKind lo, long lowOff, BoundKind hi, long highOff) {
    return new WindowFrame(true, new Bound(lo, lowOff), new Bound(hi, highOff));
  }

  private static WindowFrame range(BoundKind lo, long lowOff, BoundKind hi, long highOff) {
    return new WindowFrame(false, new Bound(lo, lowOff), new Bound(hi, highOff));
  }

  /** Every function whose result does not depend on the order of peers. */
  static List<WindowFunction> peerSafe() {
    return List.of(
        WindowFunction.of(Kind.RANK, BIGINT),
        WindowFunction.of(Kind.DENSE_RANK, BIGINT),
        WindowFunction.of(Kind.PERCENT_RANK, DOUBLE),
        WindowFunction.of(Kind.CUME_DIST, DOUBLE),
        WindowFunction.of(Kind.COUNT, BIGINT),
        WindowFunction.of(Kind.COUNT, D, BIGINT),
        WindowFunction.of(Kind.SUM, K, BIGINT),
        WindowFunction.of(Kind.SUM0, K, BIGINT),
        WindowFunction.of(Kind.SUM, DEC, field("x", new ArrowType.Decimal(38, 2, 128))),
        WindowFunction.of(Kind.SUM, WIDE, field("x", new ArrowType.Decimal(38, 5, 128))),
        WindowFunction.of(Kind.SUM, D, DOUBLE),
        WindowFunction.of(Kind.AVG, K, DOUBLE),
        WindowFunction.of(Kind.AVG, DEC, DOUBLE),
        WindowFunction.of(Kind.AVG, D, DOUBLE),
        WindowFunction.of(Kind.MIN, S, out(S)),
        WindowFunction.of(Kind.MAX, S, out(S)),
        WindowFunction.of(Kind.MIN, D, out(D)),
        WindowFunction.of(Kind.MAX, WIDE, out(WIDE)),
        WindowFunction.of(Kind.MIN, DT, out(DT)),
        WindowFunction.of(Kind.MAX, B, out(B)),
        WindowFunction.of(Kind.MIN, DEC, out(DEC)));
  }

  /** Functions that need a total order (unique ORDER BY), plus the peer-safe ones. */
  static List<WindowFunction> all() {
    List<WindowFunction> fns = new ArrayList<>(peerSafe());
    fns.add(WindowFunction.of(Kind.ROW_NUMBER, BIGINT));
    fns.add(new WindowFunction(Kind.NTILE, -1, 4, -1, null, INT));
    fns.add(new WindowFunction(Kind.NTILE, -1, 1000, -1, null, INT));
    fns.add(new WindowFunction(Kind.LAG, S, 1, -1, null, out(S)));
    fns.add(new WindowFunction(Kind.LAG, DEC, 2, -1, new BigDecimal("-7.50"), out(DEC)));
    fns.add(new WindowFunction(Kind.LEAD, DT, 3, DT, null, out(DT)));
    fns.add(new WindowFunction(Kind.LEAD, B, 1, -1, Boolean.TRUE, out(B)));
    fns.add(new WindowFunction(Kind.LEAD, S, 1000, -1, "dflt", out(S)));
    fns.add(WindowFunction.of(Kind.FIRST_VALUE, S, out(S)));
    fns.add(WindowFunction.of(Kind.LAST_VALUE, WIDE, out(WIDE)));
    fns.add(new WindowFunction(Kind.NTH_VALUE, D, 2, -1, null, out(D)));
    return fns;
  }

  static final List<SortKey> UNIQUE = List.of(new SortKey(K, false, false),
      new SortKey(ID, true, true));

  @Test
  void rowsFramesWithTotalOrder() throws Exception {
    List<Object[]> data = rows(1500, 1, 40);
    List<WindowFrame> frames = List.of(
        rows(BoundKind.UNBOUNDED_PRECEDING, 0, BoundKind.CURRENT_ROW, 0),
        rows(BoundKind.PRECEDING, 3, BoundKind.FOLLOWING, 2),
        rows(BoundKind.PRECEDING, 5, BoundKind.PRECEDING, 2),
        rows(BoundKind.FOLLOWING, 1, BoundKind.FOLLOWING, 4),
        rows(BoundKind.CURRENT_ROW, 0, BoundKind.UNBOUNDED_FOLLOWING, 0),
        rows(BoundKind.PRECEDING, 100000, BoundKind.FOLLOWING, Long.MAX_VALUE),
        rows(BoundKind.FOLLOWING, 2, BoundKind.PRECEDING, 2), // always empty
        rows(BoundKind.UNBOUNDED_PRECEDING, 0, BoundKind.UNBOUNDED_FOLLOWING, 0));
    for (WindowFrame f : frames) {
      check(data, List.of(new WindowGroup(new int[] {P}, UNIQUE, f, all())), 97);
    }
  }

  @Test
  void rangeFramesWithPeers() throws Exception {
    List<Object[]> data = rows(1200, 2, 25);
    List<SortKey> asc = List.of(new SortKey(K, false, false));
    List<SortKey> desc = List.of(new SortKey(K, true, true));
    for (List<SortKey> order : List.of(asc, desc, List.of(new SortKey(K, false, true)),
        List.of(new SortKey(K, true, false)))) {
      for (WindowFrame f : List.of(WindowFrame.DEFAULT,
          range(BoundKind.CURRENT_ROW, 0, BoundKind.UNBOUNDED_FOLLOWING, 0),
          range(BoundKind.CURRENT_ROW, 0, BoundKind.CURRENT_ROW, 0),
          range(BoundKind.PRECEDING, 3, BoundKind.FOLLOWING, 2),
          range(BoundKind.PRECEDING, 5, BoundKind.PRECEDING, 1),
          range(BoundKind.FOLLOWING, 1, BoundKind.FOLLOWING, 6),
          range(BoundKind.UNBOUNDED_PRECEDING, 0, BoundKind.FOLLOWING, Long.MAX_VALUE),
          range(BoundKind.PRECEDING, Long.MAX_VALUE, BoundKind.CURRENT_ROW, 0))) {
        check(data, List.of(new WindowGroup(new int[] {Q, P}, order, f, peerSafe())), 64);
      }
    }
  }

  @Test
  void noPartitionNoOrderAndSeveralGroups() throws Exception {
    List<Object[]> data = rows(1500, 3, 7);
    check(data, List.of(
        new WindowGroup(new int[0], List.of(), WindowFrame.WHOLE, peerSafe()),
        new WindowGroup(new int[0], UNIQUE, WindowFrame.DEFAULT, all()),
        new WindowGroup(new int[] {B, DT}, List.of(new SortKey(S, true, false)),
            WindowFrame.DEFAULT, peerSafe())), 1000);
  }

  @Test
  void oneRowPartitionsAndAllNullKeys() throws Exception {
    List<Object[]> data = rows(700, 4, 1);
    for (Object[] row : data) {
      row[P] = null; // one partition of NULL keys
    }
    check(data, List.of(new WindowGroup(new int[] {P}, UNIQUE,
        rows(BoundKind.PRECEDING, 2, BoundKind.CURRENT_ROW, 0), all()),
        new WindowGroup(new int[] {ID}, UNIQUE, WindowFrame.DEFAULT, all())), 50);
  }

  @Test
  void emptyInput() throws Exception {
    Map<Integer, Object[]> out = runWindow(List.of(), List.of(new WindowGroup(new int[] {P},
        UNIQUE, WindowFrame.DEFAULT, all())), 2, 10);
    assertTrue(out.isEmpty());
  }

  @Test
  void largeInputManyPartitions() throws Exception {
    List<Object[]> data = rows(30000, 5, 3000);
    check(data, List.of(new WindowGroup(new int[] {P}, UNIQUE,
        rows(BoundKind.PRECEDING, 3, BoundKind.FOLLOWING, 3), List.of(
            WindowFunction.of(Kind.ROW_NUMBER, BIGINT),
            WindowFunction.of(Kind.SUM, D, DOUBLE),
            WindowFunction.of(Kind.MAX, S, out(S)),
            WindowFunction.of(Kind.SUM, WIDE, field("x", new ArrowType.Decimal(38, 5, 128)))))),
        4096);
  }

  @Test
  void orderedInputKeepsItsOrder() throws Exception {
    List<Object[]> data = rows(3000, 6, 10);
    PhysicalNode source = new Source(SCHEMA, data, 100, true);
    List<Field> fields = new ArrayList<>(SCHEMA.getFields());
    fields.add(BIGINT);
    WindowNode node = new WindowNode(source, List.of(new WindowGroup(new int[] {P}, UNIQUE,
        WindowFrame.DEFAULT, List.of(WindowFunction.of(Kind.ROW_NUMBER, BIGINT)))),
        new Schema(fields));
    assertTrue(node.ordered());
    ExecContext context = new ExecContext(allocator, 100, new AtomicBoolean(),
        ParameterValues.NONE, new QueryProfile());
    int expectedId = 0;
    try (QueryRun run = new QueryRun(context, 2); BatchStream s = run.execute(node)) {
      VectorSchemaRoot next;
      while ((next = s.next()) != null) {
        try (VectorSchemaRoot b = next) {
          for (int r = 0; r < b.getRowCount(); r++) {
            assertEquals(expectedId++, ((BaseIntVector) b.getVector(ID)).getValueAsLong(r));
          }
        }
      }
    }
    assertEquals(data.size(), expectedId);
  }

  /** Sanity of the reference itself on a hand-checked partition. */
  @Test
  void referenceOnAKnownPartition() {
    List<Object[]> part = new ArrayList<>();
    long[] keys = {1, 1, 2, 4, 4, 4};
    for (int i = 0; i < keys.length; i++) {
      Object[] row = new Object[SCHEMA.getFields().size()];
      row[ID] = i;
      row[K] = keys[i];
      part.add(row);
    }
    WindowGroup g = new WindowGroup(new int[0], List.of(SortKey.asc(K)), WindowFrame.DEFAULT,
        List.of());
    assertEquals(4L, expected(g, WindowFunction.of(Kind.RANK, BIGINT), part, 4));
    assertEquals(3L, expected(g, WindowFunction.of(Kind.DENSE_RANK, BIGINT), part, 5));
    assertEquals(6L, expected(g, WindowFunction.of(Kind.COUNT, BIGINT), part, 3));
    assertEquals(2L, expected(g, WindowFunction.of(Kind.COUNT, BIGINT), part, 0));
    WindowGroup r = new WindowGroup(new int[0], List.of(SortKey.asc(K)),
        range(BoundKind.PRECEDING, 1, BoundKind.CURRENT_ROW, 0), List.of());
    assertEquals(3L, expected(r, WindowFunction.of(Kind.COUNT, BIGINT), part, 2)); // 1, 1, 2
    assertEquals(4L, expected(r, WindowFunction.of(Kind.SUM, K, BIGINT), part, 2));
    assertEquals(3L, expected(r, WindowFunction.of(Kind.COUNT, BIGINT), part, 3));
  }
}
