package io.basalt.bench.jmh;

import io.basalt.engine.expr.CalcKernel;
import io.basalt.planner.BasaltTypeSystem;
import io.basalt.planner.codegen.KernelCompiler;
import io.basalt.planner.types.SqlArrowTypes;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The compiled kernel of TPC-H Q1's Calc: {@code WHERE shipdate <= DATE '1998-09-02'} and {@code
 * price * (1 - disc) * (1 + tax)} over DECIMAL(15, 2) columns, on one batch of {@code rows} rows
 * (every 50th shipdate past the cut-off, every 97th price NULL). Reports time per batch. {@code
 * CalcKernelBenchmarkTest} runs the body once and checks its checksum against BigDecimal arithmetic.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dio.netty.noUnsafe=false"})
public class CalcKernelBenchmark {
  /** The shipdate cut-off of Q1, as epoch days. */
  static final int CUTOFF = (int) java.time.LocalDate.parse("1998-09-02").toEpochDay();

  @Param({"65536"})
  public int rows;

  private BufferAllocator allocator;
  private VectorSchemaRoot batch;
  private CalcKernel kernel;

  /** Generated price of row {@code r} in cents, or -1 for NULL. */
  static long price(int r) {
    return r % 97 == 0 ? -1 : 90_000 + (r * 7919L) % 10_000_000;
  }

  static long disc(int r) {
    return r % 11;
  }

  static long tax(int r) {
    return r % 9;
  }

  static int shipdate(int r) {
    return r % 50 == 0 ? CUTOFF + 1 + r % 30 : CUTOFF - r % 2000;
  }

  @Setup(Level.Trial)
  public void setUp() {
    JavaTypeFactoryImpl tf = new JavaTypeFactoryImpl(BasaltTypeSystem.INSTANCE);
    RexBuilder rb = new RexBuilder(tf);
    RelDataType dec = tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.DECIMAL, 15, 2),
        true);
    RelDataType date = tf.createTypeWithNullability(tf.createSqlType(SqlTypeName.DATE), true);
    RelDataType in = tf.createStructType(List.of(dec, dec, dec, date),
        List.of("price", "disc", "tax", "shipdate"));
    RexNode one = rb.makeExactLiteral(BigDecimal.ONE);
    RexNode charge = rb.makeCall(SqlStdOperatorTable.MULTIPLY,
        rb.makeCall(SqlStdOperatorTable.MULTIPLY, rb.makeInputRef(dec, 0),
            rb.makeCall(SqlStdOperatorTable.MINUS, one, rb.makeInputRef(dec, 1))),
        rb.makeCall(SqlStdOperatorTable.PLUS, one, rb.makeInputRef(dec, 2)));
    RexNode cond = rb.makeCall(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, rb.makeInputRef(date, 3),
        rb.makeDateLiteral(new DateString("1998-09-02")));
    RelDataType out = tf.createStructType(List.of(charge.getType()), List.of("charge"));
    kernel = KernelCompiler.calc(RexProgram.create(in, List.of(charge), cond, out, rb))
        .orElseThrow(() -> new IllegalStateException("Q1 Calc not supported"));
    allocator = new RootAllocator();
    batch = VectorSchemaRoot.create(SqlArrowTypes.schema(in), allocator);
    batch.allocateNew();
    for (int r = 0; r < rows; r++) {
      long p = price(r);
      if (p < 0) {
        ((DecimalVector) batch.getVector(0)).setNull(r);
      } else {
        ((DecimalVector) batch.getVector(0)).setSafe(r, p);
      }
      ((DecimalVector) batch.getVector(1)).setSafe(r, disc(r));
      ((DecimalVector) batch.getVector(2)).setSafe(r, tax(r));
      ((DateDayVector) batch.getVector(3)).setSafe(r, shipdate(r));
    }
    batch.setRowCount(rows);
  }

  /** Runs the kernel over the batch: the sum of the unscaled charges plus the count of rows. */
  @Benchmark
  public long apply() {
    try (VectorSchemaRoot out = kernel.apply(batch, allocator)) {
      DecimalVector v = (DecimalVector) out.getVector(0);
      long sum = out.getRowCount();
      for (int i = 0; i < out.getRowCount(); i++) {
        if (!v.isNull(i)) {
          sum += v.getDataBuffer().getLong((long) i * 16);
        }
      }
      return sum;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    batch.close();
    allocator.close();
  }
}
