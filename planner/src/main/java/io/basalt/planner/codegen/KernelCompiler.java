package io.basalt.planner.codegen;

import io.basalt.engine.expr.CalcKernel;
import io.basalt.engine.expr.ConditionKernel;
import io.basalt.engine.pushdown.DomainValues;
import io.basalt.engine.pushdown.ParameterValues;
import io.basalt.engine.pushdown.ValueDomain;
import io.basalt.planner.types.SqlArrowTypes;
import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.type.SqlTypeName;
import org.codehaus.janino.SimpleCompiler;

/**
 * Compiles Calcite expressions into batch kernels for the engine. Empty means "not supported by
 * the vectorized compiler": the planner then keeps the row-at-a-time operator (marked in EXPLAIN).
 *
 * <p>Expressions become Java source ({@link KernelSource}) compiled by Janino; classes are cached by
 * their source, so re-preparing a query (or another query with the same expression shapes but other
 * literals, which travel as constructor arguments) does not compile again.
 */
public final class KernelCompiler {
  private KernelCompiler() {}

  /** Compiled kernel classes by generated source. */
  private static final Map<String, Constructor<?>> CLASSES = new ConcurrentHashMap<>();

  /** A kernel evaluating {@code program} (condition and projections), or empty. */
  public static Optional<CalcKernel> calc(RexProgram program) {
    return compileCalc(program).filter(c -> !c.hasParameters())
        .map(c -> (CalcKernel) c.bind(ParameterValues.NONE));
  }

  /** A kernel evaluating {@code condition} over rows of {@code inputRowType}, or empty. */
  public static Optional<ConditionKernel> condition(RexNode condition, RelDataType inputRowType) {
    return compileCondition(condition, inputRowType).filter(c -> !c.hasParameters())
        .map(c -> (ConditionKernel) c.bind(ParameterValues.NONE));
  }

  /**
   * {@code program} compiled, with its dynamic parameters still to be bound per execution; empty
   * when an expression is not supported.
   */
  public static Optional<Compiled> compileCalc(RexProgram program) {
    try {
      RexLocalRef cond = program.getCondition();
      RexNode condition = cond == null ? null : program.expandLocalRef(cond);
      List<RexNode> projects = new ArrayList<>();
      for (RexLocalRef ref : program.getProjectList()) {
        projects.add(program.expandLocalRef(ref));
      }
      RelDataType out = program.getOutputRowType();
      Field[] fields = SqlArrowTypes.schema(out).getFields().toArray(new Field[0]);
      RelDataType in = program.getInputRowType();
      KernelSource fast = new KernelSource(in, false);
      String fastSource = fast.calcSource(condition, projects, out);
      KernelSource big = null;
      String bigSource = null;
      if (fast.mayBail) {
        big = new KernelSource(in, true);
        bigSource = big.calcSource(condition, projects, out);
      }
      return Optional.of(new Compiled(fast, fastSource, big, bigSource, fields));
    } catch (KernelSource.Unsupported | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** As {@link #compileCalc}, for a condition alone. */
  public static Optional<Compiled> compileCondition(RexNode condition, RelDataType inputRowType) {
    try {
      KernelSource fast = new KernelSource(inputRowType, false);
      String fastSource = fast.conditionSource(condition);
      KernelSource big = null;
      String bigSource = null;
      if (fast.mayBail) {
        big = new KernelSource(inputRowType, true);
        bigSource = big.conditionSource(condition);
      }
      return Optional.of(new Compiled(fast, fastSource, big, bigSource, new Field[0]));
    } catch (KernelSource.Unsupported | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** Why {@code program} is not supported, or null when it is (for tests and diagnostics). */
  public static String unsupportedReason(RexProgram program) {
    try {
      RexLocalRef cond = program.getCondition();
      List<RexNode> projects = new ArrayList<>();
      for (RexLocalRef ref : program.getProjectList()) {
        projects.add(program.expandLocalRef(ref));
      }
      SqlArrowTypes.schema(program.getOutputRowType());
      new KernelSource(program.getInputRowType(), false).calcSource(
          cond == null ? null : program.expandLocalRef(cond), projects,
          program.getOutputRowType());
      return null;
    } catch (KernelSource.Unsupported | UnsupportedOperationException e) {
      return e.getMessage();
    }
  }

  static Constructor<?> load(String source) {
    return CLASSES.computeIfAbsent(source, s -> {
      try {
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(KernelCompiler.class.getClassLoader());
        compiler.cook(s);
        Class<?> c = compiler.getClassLoader().loadClass("GeneratedKernel");
        return c.getConstructor(Object[].class, Object[].class, Field[].class);
      } catch (Exception e) {
        throw new IllegalStateException("generated kernel does not compile: " + e.getMessage()
            + "\n" + s, e);
      }
    });
  }

  /**
   * A compiled kernel whose dynamic parameters are bound per execution ({@link #bind}). The fast
   * variant is compiled at once; the exact BigDecimal variant, needed only when a decimal value
   * outgrows a long, on first use.
   */
  public static final class Compiled {
    private final Constructor<?> fast;
    private final Object[] fastConsts;
    private final KernelSource bigGen;
    private final String bigSource;
    private final Field[] fields;
    private final Map<Integer, RelDataType> params;
    private final java.util.List<String> variables;
    private volatile Constructor<?> big;

    Compiled(KernelSource fastGen, String fastSource, KernelSource bigGen, String bigSource,
        Field[] fields) {
      this.fast = load(fastSource);
      this.fastConsts = fastGen.consts.toArray();
      this.bigGen = bigGen;
      this.bigSource = bigSource;
      this.fields = fields;
      this.params = fastGen.params;
      this.variables = java.util.List.copyOf(fastGen.variables);
    }

    /** Whether the expressions hold dynamic parameters ({@code ?}). */
    public boolean hasParameters() {
      return !params.isEmpty() || !variables.isEmpty();
    }

    /** A kernel with the parameters' values of one execution (both kernel interfaces). */
    public Kernel bind(ParameterValues values) {
      Object[] bound = new Object[(params.isEmpty() ? 0
          : params.keySet().stream().mapToInt(i -> i).max().getAsInt() + 1) + variables.size()];
      for (Map.Entry<Integer, RelDataType> p : params.entrySet()) {
        bound[p.getKey()] = convert(values.get(p.getKey()), p.getValue());
      }
      for (int k = 0; k < variables.size(); k++) {
        bound[bound.length - 1 - k] = values.variable(variables.get(k));
      }
      Object fastKernel;
      try {
        fastKernel = fast.newInstance(fastConsts, bound, fields);
      } catch (java.lang.reflect.InvocationTargetException e) {
        if (e.getCause() instanceof KernelRuntime.Bail) {
          fastKernel = null; // a decimal parameter beyond a long: exact variant only
        } else {
          throw new IllegalStateException(e.getCause());
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      return new Kernel(this, fastKernel, bound);
    }

    Object bigKernel(Object[] bound) {
      Constructor<?> c = big;
      if (c == null) {
        c = load(bigSource);
        big = c;
      }
      try {
        return c.newInstance(bigGen.consts.toArray(), bound, fields);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A parameter's value in the representation the generated constructor expects. */
  private static Object convert(Object value, RelDataType type) {
    if (value == null) {
      return null;
    }
    SqlTypeName t = type.getSqlTypeName();
    switch (t) {
      case BOOLEAN:
        return DomainValues.fromParameter(value, ValueDomain.BOOLEAN);
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT: {
        BigDecimal d = (BigDecimal) DomainValues.fromParameter(value, ValueDomain.EXACT);
        return d.setScale(0, RoundingMode.HALF_UP).longValueExact();
      }
      case DECIMAL:
        return ((BigDecimal) DomainValues.fromParameter(value, ValueDomain.EXACT))
            .setScale(type.getScale(), RoundingMode.HALF_UP);
      case REAL:
      case FLOAT:
      case DOUBLE:
        return DomainValues.fromParameter(value, ValueDomain.APPROX);
      case CHAR:
      case VARCHAR:
        return value instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
            : String.valueOf(value).getBytes(StandardCharsets.UTF_8);
      case DATE:
        return DomainValues.fromParameter(value, ValueDomain.DATE);
      case TIMESTAMP:
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return Math.multiplyExact((Long) DomainValues.fromParameter(value, ValueDomain.TIMESTAMP),
            1000L);
      default:
        throw new IllegalArgumentException("parameter of type " + type + " is not supported");
    }
  }

  /**
   * A bound kernel: runs the fast (long-decimal) variant and, for a batch where a decimal value
   * outgrows a long, the exact variant. Thread-safe: generated kernels keep no per-batch state.
   */
  public static final class Kernel implements CalcKernel, ConditionKernel {
    private final Compiled compiled;
    private final Object fast;
    private final Object[] bound;
    private volatile Object big;

    Kernel(Compiled compiled, Object fast, Object[] bound) {
      this.compiled = compiled;
      this.fast = fast;
      this.bound = bound;
    }

    /** The generated class of the fast variant (the exact one when there is none). */
    public Class<?> generatedClass() {
      return (fast != null ? fast : big()).getClass();
    }

    private Object big() {
      Object b = big;
      if (b == null) {
        b = compiled.bigKernel(bound);
        big = b;
      }
      return b;
    }

    @Override
    public VectorSchemaRoot apply(VectorSchemaRoot in, BufferAllocator allocator) {
      if (fast != null) {
        try {
          return ((CalcKernel) fast).apply(in, allocator);
        } catch (KernelRuntime.Bail bail) {
          // fall through to the exact variant
        }
      }
      return ((CalcKernel) big()).apply(in, allocator);
    }

    @Override
    public int select(VectorSchemaRoot in, int[] selection) {
      if (fast != null) {
        try {
          return ((ConditionKernel) fast).select(in, selection);
        } catch (KernelRuntime.Bail bail) {
          // fall through to the exact variant
        }
      }
      return ((ConditionKernel) big()).select(in, selection);
    }
  }
}
