package io.basalt.planner.codegen;

import io.basalt.planner.BasaltTypeSystem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;

/**
 * Generates the Java source of one kernel class from Rex expressions: a per-batch prologue that
 * fetches the Arrow buffers of the input columns used, and one fused per-row loop of typed
 * primitive locals (a value and an is-null flag per expression). Common subexpressions are
 * evaluated once per row (memoized per lexical block, so a value computed inside a CASE branch is
 * not reused outside it). Unsupported expressions throw {@link Unsupported}.
 *
 * <p>Two variants exist per kernel: the fast one keeps DECIMAL values as unscaled longs and
 * {@link KernelRuntime#BAIL bails} when a value does not fit; the {@code big} one keeps them as
 * BigDecimal and is exact. Representation per SQL type: BOOLEAN boolean; integers, DATE (days),
 * TIME (millis), TIMESTAMP (micros) and intervals (millis or months) long; REAL/DOUBLE double;
 * DECIMAL long or BigDecimal; strings a slice {@code (byte[] v, int o, int l)} of UTF-8 bytes.
 */
final class KernelSource {
  /** Thrown while generating when an expression is outside what the compiler supports. */
  static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  enum Rep { BOOL, LONG, DEC, DOUBLE, STR }

  /** A generated value: Java expressions (usually variable names) for null flag and value. */
  static final class Val {
    final Rep rep;
    final RelDataType type;
    final String n;
    final String v;
    final String o;
    final String l;

    Val(Rep rep, RelDataType type, String n, String v, String o, String l) {
      this.rep = rep;
      this.type = type;
      this.n = n;
      this.v = v;
      this.o = o;
      this.l = l;
    }

    Val(Rep rep, RelDataType type, String n, String v) {
      this(rep, type, n, v, null, null);
    }
  }

  private static final RexBuilder REX_BUILDER =
      new RexBuilder(new JavaTypeFactoryImpl(BasaltTypeSystem.INSTANCE));

  private final RelDataType inputType;
  private final boolean big;
  final List<Object> consts = new ArrayList<>();
  private final StringBuilder fieldDecls = new StringBuilder();
  private final StringBuilder ctor = new StringBuilder();
  /** Dynamic parameters used: index → type. */
  final Map<Integer, RelDataType> params = new TreeMap<>();
  /**
   * Execution variables read (Calcite DataContext names), in order: variable k is bound at
   * {@code params[params.length - 1 - k]}, after the parameters.
   */
  final java.util.List<String> variables = new java.util.ArrayList<>();
  private final BitSet inputsUsed = new BitSet();
  private final Deque<Map<RexNode, Val>> scopes = new ArrayDeque<>();
  private StringBuilder body = new StringBuilder();
  private int counter;
  /** Whether the fast variant may bail (then the big variant is needed). */
  boolean mayBail;

  KernelSource(RelDataType inputType, boolean big) {
    this.inputType = inputType;
    this.big = big;
  }

  // ------------------------------------------------------------------ whole classes

  /**
   * The source of a Calc kernel: {@code condition} (may be null) and {@code projects}, each either
   * computed in the loop or (input references) passed through after it.
   */
  String calcSource(RexNode condition, List<RexNode> projects, RelDataType outputType) {
    scopes.push(new HashMap<>());
    body = new StringBuilder();
    if (condition != null && !condition.isAlwaysTrue()) {
      Val c = gen(condition);
      requireRep(c, Rep.BOOL);
      emit("if (" + c.n + " || !(" + c.v + ")) continue;");
    } else {
      condition = null;
    }
    int n = projects.size();
    List<String> alloc = new ArrayList<>();
    List<String> finish = new ArrayList<>();
    List<String> passTakes = new ArrayList<>();
    List<String> passTransfers = new ArrayList<>();
    Map<Integer, Integer> lastUse = new HashMap<>();
    for (int j = 0; j < n; j++) {
      if (isPassThrough(projects.get(j))) {
        lastUse.put(((RexInputRef) projects.get(j)).getIndex(), j);
      }
    }
    for (int j = 0; j < n; j++) {
      RexNode e = projects.get(j);
      RelDataType t = outputType.getFieldList().get(j).getType();
      if (isPassThrough(e)) {
        int c = ((RexInputRef) e).getIndex();
        // A column's last use may take over its buffers: always without a filter, and with one
        // when every row passed (common for wide date ranges such as TPC-H Q1's).
        boolean last = lastUse.get(c) == j;
        String transfer = !last ? "false" : condition == null ? "true" : "k == rows";
        String code = "outs[" + j + "] = KernelRuntime.passThrough(in.getVector(" + c
            + "), outFields[" + j + "], sel, " + (condition == null ? "rows" : "k") + ", "
            + transfer + ", alloc);";
        (last ? passTransfers : passTakes).add(code);
        continue;
      }
      Val v = gen(e);
      write(j, v, t, alloc);
      finish.add("outs[" + j + "].setValueCount(k);");
    }
    boolean needSel = condition != null && (!passTakes.isEmpty() || !passTransfers.isEmpty());
    if (needSel) {
      emit("sel[k] = i;");
    }
    StringBuilder m = new StringBuilder();
    m.append("public VectorSchemaRoot apply(VectorSchemaRoot in, BufferAllocator alloc) {\n");
    m.append("int rows = in.getRowCount();\n");
    m.append(prologue());
    m.append("FieldVector[] outs = new FieldVector[").append(n).append("];\n");
    m.append("int[] sel = ").append(needSel ? "new int[rows]" : "null").append(";\n");
    m.append("boolean ok = false;\ntry {\n");
    alloc.forEach(a -> m.append(a).append('\n'));
    m.append("int k = 0;\nfor (int i = 0; i < rows; i++) {\n").append(body).append("k++;\n}\n");
    finish.forEach(a -> m.append(a).append('\n'));
    passTakes.forEach(a -> m.append(a).append('\n'));
    passTransfers.forEach(a -> m.append(a).append('\n'));
    m.append("VectorSchemaRoot r = KernelRuntime2.root(outs, k);\nok = true;\nreturn r;\n");
    m.append("} finally {\nif (!ok) KernelRuntime2.closeAll(outs);\n}\n}\n");
    m.append("public int select(VectorSchemaRoot in, int[] sel) {\n"
        + "throw new UnsupportedOperationException(\"a Calc kernel\");\n}\n");
    return classSource(m.toString());
  }

  /** The source of a condition kernel (select). */
  String conditionSource(RexNode condition) {
    scopes.push(new HashMap<>());
    body = new StringBuilder();
    Val c = gen(condition);
    requireRep(c, Rep.BOOL);
    emit("if (" + c.n + " || !(" + c.v + ")) continue;");
    emit("sel[k++] = i;");
    String m = "public int select(VectorSchemaRoot in, int[] sel) {\n"
        + "int rows = in.getRowCount();\n" + prologue()
        + "int k = 0;\nfor (int i = 0; i < rows; i++) {\n" + body + "}\nreturn k;\n}\n"
        + "public VectorSchemaRoot apply(VectorSchemaRoot in, BufferAllocator alloc) {\n"
        + "throw new UnsupportedOperationException(\"a condition kernel\");\n}\n";
    return classSource(m);
  }

  static boolean isPassThrough(RexNode e) {
    // Timestamps are converted to microseconds, whatever unit the scan produced.
    return e instanceof RexInputRef
        && e.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP
        && e.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
  }

  private String classSource(String methods) {
    StringBuilder s = new StringBuilder();
    s.append("import org.apache.arrow.memory.ArrowBuf;\n")
        .append("import org.apache.arrow.memory.BufferAllocator;\n")
        .append("import org.apache.arrow.vector.*;\n")
        .append("import org.apache.arrow.vector.types.Types.MinorType;\n")
        .append("import io.basalt.planner.codegen.KernelRuntime;\n")
        .append("import io.basalt.planner.codegen.KernelRuntime2;\n")
        .append("public final class GeneratedKernel implements io.basalt.engine.expr.CalcKernel,"
            + " io.basalt.engine.expr.ConditionKernel {\n")
        .append("private final org.apache.arrow.vector.types.pojo.Field[] outFields;\n")
        .append(fieldDecls)
        .append("public GeneratedKernel(Object[] consts, Object[] params,"
            + " org.apache.arrow.vector.types.pojo.Field[] outFields) {\n")
        .append("this.outFields = outFields;\n").append(ctor).append("}\n")
        .append(methods).append("}\n");
    return s.toString();
  }

  private String prologue() {
    StringBuilder p = new StringBuilder();
    for (int c = inputsUsed.nextSetBit(0); c >= 0; c = inputsUsed.nextSetBit(c + 1)) {
      RelDataType t = inputType.getFieldList().get(c).getType();
      p.append("FieldVector iv").append(c).append(" = in.getVector(").append(c).append(");\n");
      p.append("KernelRuntime.checkInput(iv").append(c).append(", MinorType.")
          .append(minorType(t)).append(", ").append(c).append(");\n");
      p.append("ArrowBuf d").append(c).append(" = iv").append(c).append(".getDataBuffer();\n");
      p.append("ArrowBuf val").append(c).append(" = iv").append(c)
          .append(".getValidityBuffer();\n");
      p.append("boolean nn").append(c).append(" = iv").append(c)
          .append(".getNullCount() == 0;\n");
      if (rep(t) == Rep.STR) {
        p.append("ArrowBuf off").append(c).append(" = iv").append(c)
            .append(".getOffsetBuffer();\n");
        p.append("byte[] b").append(c).append(" = KernelRuntime.bytes(iv").append(c)
            .append(");\n");
      }
      if (isTimestamp(t)) {
        p.append("int tsu").append(c).append(" = KernelRuntime.timeUnit(iv").append(c)
            .append(");\n");
      }
    }
    return p.toString();
  }

  private static String minorType(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case BOOLEAN -> "BIT";
      case TINYINT -> "TINYINT";
      case SMALLINT -> "SMALLINT";
      case INTEGER -> "INT";
      case BIGINT -> "BIGINT";
      case REAL -> "FLOAT4";
      case FLOAT, DOUBLE -> "FLOAT8";
      case DECIMAL -> "DECIMAL";
      case CHAR, VARCHAR -> "VARCHAR";
      case DATE -> "DATEDAY";
      case TIME -> "TIMEMILLI";
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "TIMESTAMPMICRO";
      default -> throw new Unsupported("input column of type " + t);
    };
  }

  // ------------------------------------------------------------------ output

  /** Allocation code for output {@code j} and the per-row write of {@code v} into it. */
  private void write(int j, Val v, RelDataType t, List<String> alloc) {
    String o = "outs[" + j + "]";
    String od = "od" + j;
    String ov = "ov" + j;
    SqlTypeName name = t.getSqlTypeName();
    if (name == SqlTypeName.CHAR || name == SqlTypeName.VARCHAR) {
      v = castTo(v, t);
      alloc.add("VarCharVector os" + j + " = (VarCharVector) outFields[" + j
          + "].createVector(alloc);\n" + o + " = os" + j + ";\nos" + j
          + ".allocateNew(Math.max(rows, 1) * 16L, Math.max(rows, 1));");
      emit("if (!" + v.n + ") os" + j + ".setSafe(k, " + v.v + ", " + v.o + ", " + v.l + ");");
      return;
    }
    // Not zero-filled (UnzeroedAllocation): every row writes its slot, NULL rows a zero.
    alloc.add(o + " = outFields[" + j + "].createVector(alloc);\n"
        + "io.basalt.engine.vector.UnzeroedAllocation.allocate((BaseFixedWidthVector) " + o
        + ", Math.max(rows, 1));\nArrowBuf " + od + " = " + o
        + ".getDataBuffer();\nArrowBuf " + ov + " = " + o + ".getValidityBuffer();");
    v = castTo(v, t);
    String w = switch (name) {
      case BOOLEAN -> "if (" + v.v + ") BitVectorHelper.setBit(" + od + ", k);";
      case TINYINT -> od + ".setByte(k, (byte) " + v.v + ");";
      case SMALLINT -> od + ".setShort(k * 2L, (short) " + v.v + ");";
      case INTEGER, DATE, TIME -> od + ".setInt(k * 4L, (int) " + v.v + ");";
      case BIGINT, TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> od + ".setLong(k * 8L, " + v.v
          + ");";
      case REAL -> od + ".setFloat(k * 4L, (float) " + v.v + ");";
      case FLOAT, DOUBLE -> od + ".setDouble(k * 8L, " + v.v + ");";
      case DECIMAL -> big ? "KernelRuntime.writeBig(" + od + ", k, " + v.v + ");"
          : od + ".setLong(k * 16L, " + v.v + "); " + od + ".setLong(k * 16L + 8, " + v.v
          + " >> 63);";
      default -> throw new Unsupported("output of type " + t);
    };
    String zero = switch (name) {
      case BOOLEAN -> ""; // bit vectors are zero-filled by Arrow
      case TINYINT -> od + ".setByte(k, (byte) 0);";
      case SMALLINT -> od + ".setShort(k * 2L, (short) 0);";
      case INTEGER, DATE, TIME, REAL -> od + ".setInt(k * 4L, 0);";
      case BIGINT, TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE, FLOAT, DOUBLE -> od
          + ".setLong(k * 8L, 0L);";
      case DECIMAL -> od + ".setLong(k * 16L, 0L); " + od + ".setLong(k * 16L + 8, 0L);";
      default -> throw new Unsupported("output of type " + t); // as for the value write above
    };
    emit("if (!" + v.n + ") { BitVectorHelper.setBit(" + ov + ", k); " + w + " } else { " + zero
        + " }");
  }

  // ------------------------------------------------------------------ helpers

  private void emit(String line) {
    body.append(line).append('\n');
  }

  private String fresh() {
    return Integer.toString(++counter);
  }

  private void push() {
    scopes.push(new HashMap<>());
  }

  private void pop() {
    scopes.pop();
  }

  static Rep rep(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case BOOLEAN -> Rep.BOOL;
      case TINYINT, SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP,
          TIMESTAMP_WITH_LOCAL_TIME_ZONE -> Rep.LONG;
      case INTERVAL_YEAR, INTERVAL_YEAR_MONTH, INTERVAL_MONTH, INTERVAL_DAY, INTERVAL_DAY_HOUR,
          INTERVAL_DAY_MINUTE, INTERVAL_DAY_SECOND, INTERVAL_HOUR, INTERVAL_HOUR_MINUTE,
          INTERVAL_HOUR_SECOND, INTERVAL_MINUTE, INTERVAL_MINUTE_SECOND, INTERVAL_SECOND -> Rep.LONG;
      case DECIMAL -> Rep.DEC;
      case REAL, FLOAT, DOUBLE -> Rep.DOUBLE;
      case CHAR, VARCHAR -> Rep.STR;
      default -> throw new Unsupported("type " + t.getFullTypeString());
    };
  }

  private static boolean isTimestamp(RelDataType t) {
    return t.getSqlTypeName() == SqlTypeName.TIMESTAMP
        || t.getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
  }

  private static boolean isInteger(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> true;
      default -> false;
    };
  }

  private static int intBytes(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case TINYINT -> 1;
      case SMALLINT -> 2;
      case INTEGER -> 4;
      default -> 8;
    };
  }

  private static void requireRep(Val v, Rep rep) {
    if (v.rep != rep) {
      throw new Unsupported("expected " + rep + " but got " + v.type);
    }
  }

  /** Declares a result variable set, initialized to NULL. */
  private Val decl(Rep rep, RelDataType type) {
    String id = fresh();
    String n = "n" + id;
    String v = "v" + id;
    emit("boolean " + n + " = true;");
    switch (rep) {
      case BOOL -> emit("boolean " + v + " = false;");
      case LONG -> emit("long " + v + " = 0L;");
      case DOUBLE -> emit("double " + v + " = 0d;");
      case DEC -> emit(big ? "java.math.BigDecimal " + v + " = null;" : "long " + v + " = 0L;");
      case STR -> {
        emit("byte[] " + v + " = KernelRuntime.EMPTY; int o" + id + " = 0; int l" + id + " = 0;");
        return new Val(rep, type, n, v, "o" + id, "l" + id);
      }
      default -> throw new AssertionError(rep);
    }
    return new Val(rep, type, n, v);
  }

  /** Code assigning {@code src} to the declared {@code dst} (same rep). */
  private static String assign(Val dst, Val src) {
    String s = dst.n + " = " + src.n + "; " + dst.v + " = " + src.v + ";";
    if (dst.rep == Rep.STR) {
      s += " " + dst.o + " = " + src.o + "; " + dst.l + " = " + src.l + ";";
    }
    return s;
  }

  private static String anyNull(Val... vals) {
    StringBuilder s = new StringBuilder();
    for (Val v : vals) {
      if (v.n.equals("false")) {
        continue;
      }
      if (v.n.equals("true")) {
        return "true";
      }
      if (s.length() > 0) {
        s.append(" || ");
      }
      s.append(v.n);
    }
    return s.length() == 0 ? "false" : s.toString();
  }

  /**
   * A value that is NULL when any of {@code args} is and otherwise {@code code} — statements that
   * assign the result's value variables (named by the returned Val) — evaluated only then.
   */
  private Val strict(Rep rep, RelDataType type, java.util.function.Function<Val, String> code,
      Val... args) {
    Val r = decl(rep, type);
    String nulls = anyNull(args);
    if (nulls.equals("true")) {
      return r;
    }
    String stmt = r.n + " = false; " + code.apply(r);
    emit(nulls.equals("false") ? "{ " + stmt + " }" : "if (!(" + nulls + ")) { " + stmt + " }");
    return r;
  }

  /** A strict value whose result is the single expression {@code expr}. */
  private Val strictExpr(Rep rep, RelDataType type, String expr, Val... args) {
    return strict(rep, type, r -> r.v + " = " + expr + ";", args);
  }

  private String constField(Object value, String javaType) {
    int idx = consts.size();
    consts.add(value);
    String f = "c" + idx;
    fieldDecls.append("private final ").append(javaType).append(' ').append(f).append(";\n");
    ctor.append(f).append(" = (").append(javaType).append(") consts[").append(idx)
        .append("];\n");
    return f;
  }

  private static String longLit(long v) {
    return v == Long.MIN_VALUE ? "Long.MIN_VALUE" : v + "L";
  }

  private static String doubleLit(double d) {
    return "Double.longBitsToDouble(" + longLit(Double.doubleToRawLongBits(d)) + ")";
  }

  private static int scale(RelDataType t) {
    return t.getSqlTypeName() == SqlTypeName.DECIMAL ? t.getScale() : 0;
  }

  // ------------------------------------------------------------------ dispatch

  Val gen(RexNode e) {
    for (Map<RexNode, Val> s : scopes) {
      Val v = s.get(e);
      if (v != null) {
        return v;
      }
    }
    Val v;
    if (e instanceof RexInputRef ref) {
      v = input(ref);
    } else if (e instanceof RexLiteral lit) {
      v = literal(lit, lit.getType());
    } else if (e instanceof RexDynamicParam p) {
      v = param(p);
    } else if (e instanceof RexCall call) {
      v = call(call);
    } else {
      throw new Unsupported(e.getClass().getSimpleName());
    }
    scopes.peek().put(e, v);
    return v;
  }

  private Val input(RexInputRef ref) {
    int c = ref.getIndex();
    RelDataType t = inputType.getFieldList().get(c).getType();
    Rep rep = rep(t);
    minorType(t);
    inputsUsed.set(c);
    String id = fresh();
    String n = "n" + id;
    String v = "v" + id;
    emit("boolean " + n + " = !nn" + c + " && (val" + c
        + ".getByte(i >> 3) & (1 << (i & 7))) == 0;");
    String d = "d" + c;
    switch (t.getSqlTypeName()) {
      case BOOLEAN -> emit("boolean " + v + " = (" + d + ".getByte(i >> 3) & (1 << (i & 7))) != 0;");
      case TINYINT -> emit("long " + v + " = " + d + ".getByte(i);");
      case SMALLINT -> emit("long " + v + " = " + d + ".getShort(i * 2L);");
      case INTEGER, DATE, TIME -> emit("long " + v + " = " + d + ".getInt(i * 4L);");
      case BIGINT -> emit("long " + v + " = " + d + ".getLong(i * 8L);");
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> emit("long " + v
          + " = KernelRuntime.tsMicros(" + d + ".getLong(i * 8L), tsu" + c + ");");
      case REAL -> emit("double " + v + " = " + d + ".getFloat(i * 4L);");
      case FLOAT, DOUBLE -> emit("double " + v + " = " + d + ".getDouble(i * 8L);");
      case DECIMAL -> {
        if (big) {
          emit("java.math.BigDecimal " + v + " = " + n + " ? null : KernelRuntime.readBig(" + d
              + ", i, " + t.getScale() + ");");
        } else if (t.getPrecision() <= 18) {
          emit("long " + v + " = " + d + ".getLong(i * 16L);");
        } else {
          mayBail = true;
          emit("long " + v + " = " + n + " ? 0L : KernelRuntime.readWide(" + d + ", i);");
        }
      }
      case CHAR, VARCHAR -> {
        emit("int o" + id + " = off" + c + ".getInt(i * 4L); int l" + id + " = off" + c
            + ".getInt(i * 4L + 4) - o" + id + ";");
        return new Val(rep, t, n, "b" + c, "o" + id, "l" + id);
      }
      default -> throw new Unsupported("input of type " + t);
    }
    return new Val(rep, t, n, v);
  }

  private Val nullOf(RelDataType t) {
    Rep rep = rep(t);
    return switch (rep) {
      case BOOL -> new Val(rep, t, "true", "false");
      case LONG -> new Val(rep, t, "true", "0L");
      case DOUBLE -> new Val(rep, t, "true", "0d");
      case DEC -> new Val(rep, t, "true", big ? "null" : "0L");
      case STR -> new Val(rep, t, "true", "KernelRuntime.EMPTY", "0", "0");
    };
  }

  private Val literal(RexLiteral lit, RelDataType t) {
    if (lit.getTypeName() == SqlTypeName.NULL && t.getSqlTypeName() == SqlTypeName.NULL) {
      throw new Unsupported("untyped NULL");
    }
    if (lit.isNull()) {
      return nullOf(t);
    }
    Rep rep = rep(t);
    switch (rep) {
      case BOOL:
        return new Val(rep, t, "false", Boolean.TRUE.equals(lit.getValueAs(Boolean.class))
            ? "true" : "false");
      case DOUBLE:
        return new Val(rep, t, "false", doubleLit(lit.getValueAs(Double.class)));
      case DEC: {
        BigDecimal d = lit.getValueAs(BigDecimal.class).setScale(t.getScale(),
            RoundingMode.HALF_UP);
        if (big) {
          return new Val(rep, t, "false", constField(d, "java.math.BigDecimal"));
        }
        if (d.unscaledValue().bitLength() > 63) {
          throw new Unsupported("decimal literal beyond a long");
        }
        return new Val(rep, t, "false", longLit(d.unscaledValue().longValue()));
      }
      case STR: {
        String f = constField(KernelRuntime.utf8(lit.getValueAs(String.class)), "byte[]");
        return new Val(rep, t, "false", f, "0", f + ".length");
      }
      case LONG: {
        long v = switch (t.getSqlTypeName()) {
          case DATE -> lit.getValueAs(DateString.class).getDaysSinceEpoch();
          case TIME -> lit.getValueAs(Integer.class);
          case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
              Math.multiplyExact(lit.getValueAs(TimestampString.class).getMillisSinceEpoch(),
                  1000L);
          default -> lit.getValueAs(Long.class);
        };
        return new Val(rep, t, "false", longLit(v));
      }
      default:
        throw new AssertionError(rep);
    }
  }

  private Val param(RexDynamicParam p) {
    RelDataType t = p.getType();
    Rep rep = rep(t);
    if (t.getSqlTypeName() == SqlTypeName.TIME || t.getSqlTypeName().getFamily()
        == SqlTypeFamily.INTERVAL_DAY_TIME || t.getSqlTypeName().getFamily()
        == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
      throw new Unsupported("parameter of type " + t);
    }
    int idx = p.getIndex();
    String n = "p" + idx + "n";
    String v = "p" + idx + "v";
    if (!params.containsKey(idx)) {
      params.put(idx, t);
      String src = "params[" + idx + "]";
      fieldDecls.append("private final boolean ").append(n).append(";\n");
      ctor.append(n).append(" = ").append(src).append(" == null;\n");
      switch (rep) {
        case BOOL -> {
          fieldDecls.append("private final boolean ").append(v).append(";\n");
          ctor.append(v).append(" = !").append(n).append(" && ((Boolean) ").append(src)
              .append(").booleanValue();\n");
        }
        case LONG -> {
          fieldDecls.append("private final long ").append(v).append(";\n");
          ctor.append(v).append(" = ").append(n).append(" ? 0L : ((Long) ").append(src)
              .append(").longValue();\n");
        }
        case DOUBLE -> {
          fieldDecls.append("private final double ").append(v).append(";\n");
          ctor.append(v).append(" = ").append(n).append(" ? 0d : ((Double) ").append(src)
              .append(").doubleValue();\n");
        }
        case DEC -> {
          if (big) {
            fieldDecls.append("private final java.math.BigDecimal ").append(v).append(";\n");
            ctor.append(v).append(" = (java.math.BigDecimal) ").append(src).append(";\n");
          } else {
            mayBail = true;
            fieldDecls.append("private final long ").append(v).append(";\n");
            ctor.append(v).append(" = ").append(n)
                .append(" ? 0L : KernelRuntime2.unscaled((java.math.BigDecimal) ").append(src)
                .append(");\n");
          }
        }
        case STR -> {
          fieldDecls.append("private final byte[] ").append(v).append(";\n");
          ctor.append(v).append(" = ").append(n).append(" ? KernelRuntime.EMPTY : (byte[]) ")
              .append(src).append(";\n");
        }
        default -> throw new AssertionError(rep);
      }
    }
    if (rep == Rep.STR) {
      return new Val(rep, t, n, v, "0", v + ".length");
    }
    return new Val(rep, t, n, v);
  }

  // ------------------------------------------------------------------ calls

  private Val call(RexCall call) {
    List<RexNode> ops = call.getOperands();
    RelDataType t = call.getType();
    switch (call.getKind()) {
      case AND:
        return andOr(ops, true);
      case OR:
        return andOr(ops, false);
      case NOT: {
        Val a = gen(ops.get(0));
        requireRep(a, Rep.BOOL);
        return strictExpr(Rep.BOOL, t, "!" + a.v, a);
      }
      case IS_NULL:
        return new Val(Rep.BOOL, t, "false", gen(ops.get(0)).n);
      case IS_NOT_NULL:
        return new Val(Rep.BOOL, t, "false", "!" + gen(ops.get(0)).n);
      case IS_TRUE: {
        Val a = gen(ops.get(0));
        return new Val(Rep.BOOL, t, "false", "(!" + a.n + " && " + a.v + ")");
      }
      case IS_NOT_TRUE: {
        Val a = gen(ops.get(0));
        return new Val(Rep.BOOL, t, "false", "(" + a.n + " || !" + a.v + ")");
      }
      case IS_FALSE: {
        Val a = gen(ops.get(0));
        return new Val(Rep.BOOL, t, "false", "(!" + a.n + " && !" + a.v + ")");
      }
      case IS_NOT_FALSE: {
        Val a = gen(ops.get(0));
        return new Val(Rep.BOOL, t, "false", "(" + a.n + " || " + a.v + ")");
      }
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL: {
        Val a = gen(ops.get(0));
        Val b = gen(ops.get(1));
        return strictExpr(Rep.BOOL, t, compare(a, b, call.getKind()), a, b);
      }
      case IS_DISTINCT_FROM:
      case IS_NOT_DISTINCT_FROM: {
        Val a = gen(ops.get(0));
        Val b = gen(ops.get(1));
        Val r = decl(Rep.BOOL, t);
        String eq = compare(a, b, SqlKind.EQUALS);
        boolean distinct = call.getKind() == SqlKind.IS_DISTINCT_FROM;
        emit(r.n + " = false; if (" + a.n + " || " + b.n + ") { " + r.v + " = " + (distinct
            ? a.n + " != " + b.n : a.n + " == " + b.n) + "; } else { " + r.v + " = "
            + (distinct ? "!" : "") + "(" + eq + "); }");
        return r;
      }
      case PLUS:
      case MINUS:
      case TIMES:
      case DIVIDE:
      case MOD:
        return arithmetic(call);
      case MINUS_PREFIX: {
        Val a = gen(ops.get(0));
        return switch (a.rep) {
          case LONG -> strictExpr(Rep.LONG, t, intBytes(t) == 8 ? "KernelRuntime.sub(0L, " + a.v
              + ")" : "KernelRuntime.checkRange(-" + a.v + ", " + intBytes(t) + ")", a);
          case DOUBLE -> strictExpr(Rep.DOUBLE, t, "-" + a.v, a);
          case DEC -> strictExpr(Rep.DEC, t, big ? a.v + ".negate()" : "-" + a.v, a);
          default -> throw new Unsupported("negation of " + a.type);
        };
      }
      case PLUS_PREFIX:
        return gen(ops.get(0));
      case CASE:
        return caseWhen(call);
      case COALESCE:
        return coalesce(call);
      case CAST:
        return castTo(gen(ops.get(0)), t);
      case SEARCH:
        return search(call);
      case LIKE:
      case SIMILAR:
        return like(call);
      case EXTRACT:
        return extract(call);
      case FLOOR:
      case CEIL:
        return floorCeil(call);
      case TRIM:
        return trim(call);
      case POSITION:
        if (ops.size() != 2) {
          throw new Unsupported("POSITION with FROM");
        }
        {
          Val n = gen(ops.get(0));
          Val h = gen(ops.get(1));
          requireRep(n, Rep.STR);
          requireRep(h, Rep.STR);
          return strictExpr(Rep.LONG, t, "KernelRuntime.position(" + slice(n) + ", " + slice(h)
              + ")", n, h);
        }
      default:
        break;
    }
    String name = call.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
    switch (name) {
      case "SUBSTRING": {
        Val s = gen(ops.get(0));
        requireRep(s, Rep.STR);
        Val from = castTo(gen(ops.get(1)), longType());
        Val len = ops.size() > 2 ? castTo(gen(ops.get(2)), longType()) : null;
        String id = fresh();
        String sl = "sl" + id;
        String callExpr = "KernelRuntime.substring(" + slice(s) + ", " + from.v
            + (len == null ? "" : ", " + len.v) + ")";
        Val[] args = len == null ? new Val[] {s, from} : new Val[] {s, from, len};
        return strict(Rep.STR, t, r -> "long " + sl + " = " + callExpr + "; " + r.v + " = " + s.v
            + "; " + r.o + " = KernelRuntime.sliceOffset(" + sl + "); " + r.l
            + " = KernelRuntime.sliceLength(" + sl + ");", args);
      }
      case "UPPER":
      case "LOWER": {
        Val s = gen(ops.get(0));
        requireRep(s, Rep.STR);
        return bytesResult(t, "KernelRuntime." + name.toLowerCase(java.util.Locale.ROOT) + "("
            + slice(s) + ")", s);
      }
      case "||": {
        Val a = gen(ops.get(0));
        Val b = gen(ops.get(1));
        requireRep(a, Rep.STR);
        requireRep(b, Rep.STR);
        return bytesResult(t, "KernelRuntime.concat(" + slice(a) + ", " + slice(b) + ")", a, b);
      }
      case "REPLACE": {
        Val a = gen(ops.get(0));
        Val b = gen(ops.get(1));
        Val c = gen(ops.get(2));
        requireRep(a, Rep.STR);
        requireRep(b, Rep.STR);
        requireRep(c, Rep.STR);
        return bytesResult(t, "KernelRuntime.replace(" + slice(a) + ", " + slice(b) + ", "
            + slice(c) + ")", a, b, c);
      }
      case "CHAR_LENGTH":
      case "CHARACTER_LENGTH": {
        Val s = gen(ops.get(0));
        requireRep(s, Rep.STR);
        return strictExpr(Rep.LONG, t, "KernelRuntime.charLength(" + slice(s) + ")", s);
      }
      case "LTRIM":
      case "RTRIM": {
        Val s = gen(ops.get(0));
        requireRep(s, Rep.STR);
        return trimSlice(t, s, "(byte) 32", name.equals("LTRIM") ? 1 : 2);
      }
      case "ABS": {
        Val a = gen(ops.get(0));
        return switch (a.rep) {
          case LONG -> strictExpr(Rep.LONG, t, "Math.abs(" + a.v + ")", a);
          case DOUBLE -> strictExpr(Rep.DOUBLE, t, "Math.abs(" + a.v + ")", a);
          case DEC -> strictExpr(Rep.DEC, t, big ? a.v + ".abs()" : "Math.abs(" + a.v + ")", a);
          default -> throw new Unsupported("ABS of " + a.type);
        };
      }
      case "ROUND": {
        // Calcite's semantics (the row-at-a-time engine's): half away from zero, a DECIMAL keeps
        // its scale (ROUND(1.25, 1) is 1.30 in DECIMAL(p, 2)), a DOUBLE rounds its shortest
        // decimal form.
        Val a = gen(ops.get(0));
        int digits = 0;
        if (ops.size() > 1) {
          Integer d = ops.get(1) instanceof RexLiteral lit ? lit.getValueAs(Integer.class) : null;
          if (d == null) {
            throw new Unsupported("ROUND to a number of digits that is not a constant");
          }
          digits = d;
        }
        return switch (a.rep) {
          case LONG -> strictExpr(Rep.LONG, t,
              "KernelRuntime2.roundLong(" + a.v + ", " + digits + ")", a);
          case DOUBLE -> strictExpr(Rep.DOUBLE, t,
              "KernelRuntime2.roundDouble(" + a.v + ", " + digits + ")", a);
          case DEC -> {
            int from = a.type.getScale();
            int to = t.getScale();
            if (big) {
              yield strictExpr(Rep.DEC, t, a.v + ".setScale(" + Math.min(digits, from)
                  + ", java.math.RoundingMode.HALF_UP).setScale(" + to
                  + ", java.math.RoundingMode.HALF_UP)", a);
            }
            String rounded = digits >= from ? a.v
                : "KernelRuntime.down(" + a.v + ", " + (from - digits) + ")";
            int at = Math.min(digits, from);
            yield strictExpr(Rep.DEC, t, at == to ? rounded
                : "KernelRuntime.rescale(" + rounded + ", " + at + ", " + to + ")", a);
          }
          default -> throw new Unsupported("ROUND of " + a.type);
        };
      }
      case "CURRENT_DATE": {
        // The statement's local clock, read once per execution (Calcite's currentDate).
        if (t.getSqlTypeName() != SqlTypeName.DATE) {
          throw new Unsupported("CURRENT_DATE of type " + t);
        }
        int k = variables.indexOf("localTimestamp");
        if (k < 0) {
          k = variables.size();
          variables.add("localTimestamp");
          fieldDecls.append("private final long today").append(k).append(";\n");
          ctor.append("today").append(k).append(" = KernelRuntime2.unixDate(params[params.length - ")
              .append(1 + k).append("]);\n");
        }
        return new Val(Rep.LONG, t, "false", "today" + k);
      }
      default:
        throw new Unsupported("function " + name);
    }
  }

  private RelDataType longType() {
    return REX_BUILDER.getTypeFactory().createSqlType(SqlTypeName.BIGINT);
  }

  private static String slice(Val s) {
    return s.v + ", " + s.o + ", " + s.l;
  }

  private Val bytesResult(RelDataType t, String expr, Val... args) {
    return strict(Rep.STR, t, r -> r.v + " = " + expr + "; " + r.o + " = 0; " + r.l + " = "
        + r.v + ".length;", args);
  }

  private Val trimSlice(RelDataType t, Val s, String ch, int where) {
    String id = fresh();
    String sl = "sl" + id;
    return strict(Rep.STR, t, r -> "long " + sl + " = KernelRuntime.trim(" + slice(s) + ", " + ch
        + ", " + where + "); " + r.v + " = " + s.v + "; " + r.o + " = KernelRuntime.sliceOffset("
        + sl + "); " + r.l + " = KernelRuntime.sliceLength(" + sl + ");", s);
  }

  private Val trim(RexCall call) {
    List<RexNode> ops = call.getOperands();
    SqlTrimFunction.Flag flag = ((RexLiteral) ops.get(0)).getValueAs(SqlTrimFunction.Flag.class);
    if (!(ops.get(1) instanceof RexLiteral chLit)) {
      throw new Unsupported("TRIM of a non-literal character");
    }
    String ch = chLit.getValueAs(String.class);
    if (ch == null || ch.length() != 1 || ch.charAt(0) > 127) {
      throw new Unsupported("TRIM of a multi-byte character");
    }
    Val s = gen(ops.get(2));
    requireRep(s, Rep.STR);
    int where = switch (flag) {
      case LEADING -> 1;
      case TRAILING -> 2;
      default -> 3;
    };
    return trimSlice(call.getType(), s, "(byte) " + (int) ch.charAt(0), where);
  }

  /** AND / OR with three-valued logic, evaluating operands left to right until decided. */
  private Val andOr(List<RexNode> ops, boolean and) {
    RelDataType t = REX_BUILDER.getTypeFactory().createTypeWithNullability(
        REX_BUILDER.getTypeFactory().createSqlType(SqlTypeName.BOOLEAN), true);
    Val r = decl(Rep.BOOL, t);
    String unknown = "u" + fresh();
    emit("boolean " + unknown + " = false;");
    // The deciding value: false for AND, true for OR.
    String decided = and ? "false" : "true";
    int opened = 0;
    for (int i = 0; i < ops.size(); i++) {
      push();
      emit("{");
      Val a = gen(ops.get(i));
      requireRep(a, Rep.BOOL);
      String isDecided = and ? "(!" + a.n + " && !" + a.v + ")" : "(!" + a.n + " && " + a.v + ")";
      emit("if (" + isDecided + ") { " + r.n + " = false; " + r.v + " = " + decided + "; } else {");
      emit("if (" + a.n + ") " + unknown + " = true;");
      opened++;
    }
    // Undecided after every operand: NULL if any was NULL, else all TRUE (AND) / all FALSE (OR).
    emit("if (" + unknown + ") { " + r.n + " = true; } else { " + r.n + " = false; " + r.v
        + " = " + and + "; }");
    for (int i = 0; i < opened; i++) {
      emit("}}");
      pop();
    }
    return r;
  }

  /** A Java boolean expression comparing the non-null values {@code a} and {@code b}. */
  private String compare(Val a, Val b, SqlKind kind) {
    String op = switch (kind) {
      case EQUALS -> "==";
      case NOT_EQUALS -> "!=";
      case LESS_THAN -> "<";
      case LESS_THAN_OR_EQUAL -> "<=";
      case GREATER_THAN -> ">";
      case GREATER_THAN_OR_EQUAL -> ">=";
      default -> throw new Unsupported("comparison " + kind);
    };
    if (a.rep == Rep.STR || b.rep == Rep.STR) {
      requireRep(a, Rep.STR);
      requireRep(b, Rep.STR);
      if (kind == SqlKind.EQUALS || kind == SqlKind.NOT_EQUALS) {
        return (kind == SqlKind.NOT_EQUALS ? "!" : "") + "KernelRuntime.equal(" + slice(a) + ", "
            + slice(b) + ")";
      }
      return "KernelRuntime.compare(" + slice(a) + ", " + slice(b) + ") " + op + " 0";
    }
    if (a.rep == Rep.BOOL || b.rep == Rep.BOOL) {
      requireRep(a, Rep.BOOL);
      requireRep(b, Rep.BOOL);
      return "(" + a.v + " ? 1 : 0) " + op + " (" + b.v + " ? 1 : 0)";
    }
    boolean an = SqlTypeUtilNumeric.isNumeric(a.type);
    boolean bn = SqlTypeUtilNumeric.isNumeric(b.type);
    if (an != bn) {
      throw new Unsupported("comparison of " + a.type + " and " + b.type);
    }
    if (!an) {
      if (a.type.getSqlTypeName().getFamily() != b.type.getSqlTypeName().getFamily()) {
        throw new Unsupported("comparison of " + a.type + " and " + b.type);
      }
      return a.v + " " + op + " " + b.v;
    }
    if (a.rep == Rep.DOUBLE || b.rep == Rep.DOUBLE) {
      return toDouble(a) + " " + op + " " + toDouble(b);
    }
    if (a.rep == Rep.DEC || b.rep == Rep.DEC) {
      int s = Math.max(scale(a.type), scale(b.type));
      if (big) {
        return toBig(a) + ".compareTo(" + toBig(b) + ") " + op + " 0";
      }
      return toScaledLong(a, s) + " " + op + " " + toScaledLong(b, s);
    }
    return a.v + " " + op + " " + b.v;
  }

  private String toDouble(Val a) {
    return switch (a.rep) {
      case DOUBLE -> a.v;
      case LONG -> "((double) " + a.v + ")";
      case DEC -> big ? a.v + ".doubleValue()"
          : "KernelRuntime.decToDouble(" + a.v + ", " + a.type.getScale() + ")";
      default -> throw new Unsupported("double of " + a.type);
    };
  }

  private String toBig(Val a) {
    return switch (a.rep) {
      case DEC -> a.v;
      case LONG -> "java.math.BigDecimal.valueOf(" + a.v + ")";
      default -> throw new Unsupported("decimal of " + a.type);
    };
  }

  /** Fast path: {@code a} (integer or decimal) as an unscaled long of scale {@code s}. */
  private String toScaledLong(Val a, int s) {
    int from = scale(a.type);
    if (a.rep != Rep.LONG && a.rep != Rep.DEC) {
      throw new Unsupported("decimal of " + a.type);
    }
    if (from == s) {
      return a.v;
    }
    mayBail = true;
    return "KernelRuntime.rescale(" + a.v + ", " + from + ", " + s + ")";
  }

  private Val arithmetic(RexCall call) {
    RelDataType t = call.getType();
    Val a = gen(call.getOperands().get(0));
    Val b = gen(call.getOperands().get(1));
    SqlKind kind = call.getKind();
    boolean numeric = SqlTypeUtilNumeric.isNumeric(a.type) && SqlTypeUtilNumeric.isNumeric(b.type);
    if (!numeric) {
      return datetimeArithmetic(call, a, b);
    }
    Rep rep = rep(t);
    switch (rep) {
      case DOUBLE: {
        String x = toDouble(a);
        String y = toDouble(b);
        String e = switch (kind) {
          case PLUS -> x + " + " + y;
          case MINUS -> x + " - " + y;
          case TIMES -> x + " * " + y;
          case DIVIDE -> "KernelRuntime.ddiv(" + x + ", " + y + ")";
          default -> throw new Unsupported("MOD of doubles");
        };
        if (t.getSqlTypeName() == SqlTypeName.REAL) {
          e = "(double) (float) (" + e + ")";
        }
        return strictExpr(Rep.DOUBLE, t, e, a, b);
      }
      case LONG: {
        requireRep(a, Rep.LONG);
        requireRep(b, Rep.LONG);
        int bytes = intBytes(t);
        String e = switch (kind) {
          case PLUS -> bytes == 8 ? "KernelRuntime.add(" + a.v + ", " + b.v + ")"
              : a.v + " + " + b.v;
          case MINUS -> bytes == 8 ? "KernelRuntime.sub(" + a.v + ", " + b.v + ")"
              : a.v + " - " + b.v;
          case TIMES -> bytes == 8 ? "KernelRuntime.mul(" + a.v + ", " + b.v + ")"
              : a.v + " * " + b.v;
          case DIVIDE -> "KernelRuntime.div(" + a.v + ", " + b.v + ")";
          default -> "KernelRuntime.mod(" + a.v + ", " + b.v + ")";
        };
        if (bytes < 8) {
          e = "KernelRuntime.checkRange(" + e + ", " + bytes + ")";
        }
        return strictExpr(Rep.LONG, t, e, a, b);
      }
      case DEC: {
        int s = t.getScale();
        int p = t.getPrecision();
        int sa = scale(a.type);
        int sb = scale(b.type);
        if (big) {
          String x = toBig(a);
          String y = toBig(b);
          String e = switch (kind) {
            case PLUS -> "KernelRuntime.fitBig(" + x + ".add(" + y + "), " + s + ", " + p + ")";
            case MINUS -> "KernelRuntime.fitBig(" + x + ".subtract(" + y + "), " + s + ", " + p
                + ")";
            case TIMES -> "KernelRuntime.fitBig(" + x + ".multiply(" + y + "), " + s + ", " + p
                + ")";
            case DIVIDE -> "KernelRuntime.bigDiv(" + x + ", " + y + ", " + s + ", " + p + ")";
            default -> throw new Unsupported("MOD of decimals");
          };
          return strictExpr(Rep.DEC, t, e, a, b);
        }
        mayBail = true;
        String e;
        switch (kind) {
          case PLUS:
          case MINUS: {
            int m = Math.max(sa, sb);
            e = "KernelRuntime.d" + (kind == SqlKind.PLUS ? "add" : "sub") + "("
                + toScaledLong(a, m) + ", " + toScaledLong(b, m) + ")";
            if (m != s) {
              e = "KernelRuntime.rescale(" + e + ", " + m + ", " + s + ")";
            }
            break;
          }
          case TIMES:
            requireNumeric(a);
            requireNumeric(b);
            e = "KernelRuntime.dmul(" + a.v + ", " + b.v + ")";
            if (sa + sb != s) {
              e = "KernelRuntime.rescale(" + e + ", " + (sa + sb) + ", " + s + ")";
            }
            break;
          case DIVIDE:
            requireNumeric(a);
            requireNumeric(b);
            e = "KernelRuntime.ddiv(" + a.v + ", " + sa + ", " + b.v + ", " + sb + ", " + s + ")";
            break;
          default:
            throw new Unsupported("MOD of decimals");
        }
        return strictExpr(Rep.DEC, t, "KernelRuntime.fit(" + e + ", " + p + ")", a, b);
      }
      default:
        throw new Unsupported("arithmetic of type " + t);
    }
  }

  private static void requireNumeric(Val a) {
    if (a.rep != Rep.LONG && a.rep != Rep.DEC) {
      throw new Unsupported("decimal arithmetic on " + a.type);
    }
  }

  private static boolean isYearMonth(RelDataType t) {
    return t.getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH;
  }

  private static boolean isDayTime(RelDataType t) {
    return t.getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME;
  }

  /** date/timestamp ± interval, and date − date (an interval). */
  private Val datetimeArithmetic(RexCall call, Val a, Val b) {
    RelDataType t = call.getType();
    SqlKind kind = call.getKind();
    if ((kind == SqlKind.PLUS || kind == SqlKind.MINUS)
        && (isDayTime(a.type) || isYearMonth(a.type)) && kind == SqlKind.PLUS) {
      Val x = a;
      a = b;
      b = x; // interval + datetime
    }
    SqlTypeName tn = t.getSqlTypeName();
    if ((kind == SqlKind.PLUS || kind == SqlKind.MINUS)
        && (isDayTime(b.type) || isYearMonth(b.type))
        && (tn == SqlTypeName.DATE || isTimestamp(t))) {
      String iv = kind == SqlKind.MINUS ? "(-" + b.v + ")" : b.v;
      boolean date = a.type.getSqlTypeName() == SqlTypeName.DATE;
      String e;
      if (isYearMonth(b.type)) {
        e = date ? "(long) org.apache.calcite.avatica.util.DateTimeUtils.addMonths((int) " + a.v
            + ", (int) " + iv + ")" : "KernelRuntime2.tsAddMonths(" + a.v + ", " + iv + ")";
      } else {
        e = date ? a.v + " + Math.floorDiv(" + iv + ", 86400000L)" : a.v + " + " + iv + " * 1000L";
      }
      if (date != (tn == SqlTypeName.DATE)) {
        throw new Unsupported("datetime arithmetic to " + t);
      }
      return strictExpr(Rep.LONG, t, e, a, b);
    }
    if (kind == SqlKind.MINUS && (isDayTime(t) || isYearMonth(t))
        && a.type.getSqlTypeName() == b.type.getSqlTypeName()) {
      boolean date = a.type.getSqlTypeName() == SqlTypeName.DATE;
      if (!date && !isTimestamp(a.type)) {
        throw new Unsupported("difference of " + a.type);
      }
      String e;
      if (isYearMonth(t)) {
        e = date ? "(long) org.apache.calcite.avatica.util.DateTimeUtils.subtractMonths((int) "
            + a.v + ", (int) " + b.v + ")"
            : "(long) org.apache.calcite.avatica.util.DateTimeUtils.subtractMonths("
            + "Math.floorDiv(" + a.v + ", 1000L), Math.floorDiv(" + b.v + ", 1000L))";
      } else {
        e = date ? "(" + a.v + " - " + b.v + ") * 86400000L"
            : "Math.floorDiv(" + a.v + " - " + b.v + ", 1000L)";
      }
      return strictExpr(Rep.LONG, t, e, a, b);
    }
    throw new Unsupported(kind + " of " + a.type + " and " + b.type);
  }

  private Val caseWhen(RexCall call) {
    List<RexNode> ops = call.getOperands();
    RelDataType t = call.getType();
    Val r = decl(rep(t), t);
    int opened = 0;
    int i = 0;
    for (; i + 1 < ops.size(); i += 2) {
      push();
      emit("{");
      Val c = gen(ops.get(i));
      requireRep(c, Rep.BOOL);
      emit("if (!" + c.n + " && " + c.v + ") {");
      push();
      Val v = castTo(gen(ops.get(i + 1)), t);
      emit(assign(r, v));
      pop();
      emit("} else {");
      opened++;
    }
    push();
    Val e = i < ops.size() ? castTo(gen(ops.get(i)), t) : nullOf(t);
    emit(assign(r, e));
    pop();
    for (int k = 0; k < opened; k++) {
      emit("}}");
      pop();
    }
    return r;
  }

  private Val coalesce(RexCall call) {
    List<RexNode> ops = call.getOperands();
    RelDataType t = call.getType();
    Val r = decl(rep(t), t);
    int opened = 0;
    for (RexNode op : ops) {
      push();
      emit("{");
      Val v = castTo(gen(op), t);
      emit(assign(r, v));
      emit("if (" + r.n + ") {");
      opened++;
    }
    for (int k = 0; k < opened; k++) {
      emit("}}");
      pop();
    }
    return r;
  }

  // ------------------------------------------------------------------ CAST

  /** {@code v} converted to type {@code to} (SQL CAST semantics; rounding half up). */
  Val castTo(Val v, RelDataType to) {
    RelDataType from = v.type;
    SqlTypeName f = from.getSqlTypeName();
    SqlTypeName tn = to.getSqlTypeName();
    Rep rep = rep(to);
    if (v.n.equals("true")) {
      return nullOf(to);
    }
    boolean bounded = rep == Rep.STR && to.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED;
    boolean fromString = f == SqlTypeName.CHAR || f == SqlTypeName.VARCHAR;
    if (bounded && fromString) {
      // CHAR(n) pads to n characters unless the value already is a CHAR(n); both truncate
      // longer values (Calcite's semantics, as its row engine had them).
      boolean pad = tn == SqlTypeName.CHAR
          && !(f == SqlTypeName.CHAR && from.getPrecision() == to.getPrecision());
      boolean mayBeLonger = from.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
          || from.getPrecision() > to.getPrecision();
      if (!pad && !mayBeLonger) {
        return v.type.equals(to) ? v : new Val(v.rep, to, v.n, v.v, v.o, v.l);
      }
      return bytesResult(to, "KernelRuntime2.fitChars(" + slice(v) + ", " + to.getPrecision()
          + ", " + pad + ")", v);
    }
    if (f == tn && (tn != SqlTypeName.DECIMAL || from.getScale() == to.getScale()
        && from.getPrecision() <= to.getPrecision())) {
      return v.type.equals(to) ? v : new Val(v.rep, to, v.n, v.v, v.o, v.l);
    }
    if (fromString && rep == Rep.STR) {
      return new Val(v.rep, to, v.n, v.v, v.o, v.l);
    }
    switch (rep) {
      case BOOL:
        if (v.rep == Rep.STR) {
          return strictExpr(Rep.BOOL, to, "KernelRuntime2.parseBoolean(" + slice(v) + ")", v);
        }
        throw new Unsupported("CAST " + from + " to BOOLEAN");
      case DOUBLE: {
        String e = v.rep == Rep.STR ? "KernelRuntime2.parseDouble(" + slice(v) + ")"
            : isNumeric(from) ? toDouble(v) : null;
        if (e == null) {
          throw new Unsupported("CAST " + from + " to " + to);
        }
        if (tn == SqlTypeName.REAL) {
          e = "(double) (float) " + e;
        }
        return strictExpr(Rep.DOUBLE, to, e, v);
      }
      case DEC: {
        int s = to.getScale();
        int p = to.getPrecision();
        String e;
        if (big) {
          e = switch (v.rep) {
            case LONG, DEC -> isNumeric(from)
                ? "KernelRuntime.fitBig(" + toBig(v) + ", " + s + ", " + p + ")" : null;
            case DOUBLE -> "KernelRuntime.doubleToBig(" + v.v + ", " + s + ", " + p + ")";
            case STR -> "KernelRuntime.fitBig(KernelRuntime2.parseDecimal(" + slice(v) + "), "
                + s + ", " + p + ")";
            default -> null;
          };
        } else {
          mayBail = true;
          e = switch (v.rep) {
            case LONG, DEC -> isNumeric(from) ? "KernelRuntime.fit(KernelRuntime.rescale(" + v.v
                + ", " + scale(from) + ", " + s + "), " + p + ")" : null;
            case DOUBLE -> "KernelRuntime.doubleToDec(" + v.v + ", " + s + ", " + p + ")";
            case STR -> "KernelRuntime2.unscaled(KernelRuntime.fitBig(KernelRuntime2.parseDecimal("
                + slice(v) + "), " + s + ", " + p + "))";
            default -> null;
          };
        }
        if (e == null) {
          throw new Unsupported("CAST " + from + " to " + to);
        }
        return strictExpr(Rep.DEC, to, e, v);
      }
      case LONG: {
        String e = null;
        if (isInteger(to)) {
          int bytes = intBytes(to);
          e = switch (v.rep) {
            case LONG -> isInteger(from) ? "KernelRuntime.checkRange(" + v.v + ", " + bytes + ")"
                : null;
            case DOUBLE -> "KernelRuntime.doubleToLong(" + v.v + ", " + bytes + ")";
            case DEC -> big ? "KernelRuntime.bigToInt(" + v.v + ", " + bytes + ")"
                : "KernelRuntime.checkRange(KernelRuntime.down(" + v.v + ", " + from.getScale()
                + "), " + bytes + ")";
            case STR -> "KernelRuntime.checkRange(KernelRuntime2.parseLong(" + slice(v) + "), "
                + bytes + ")";
            default -> null;
          };
        } else if (tn == SqlTypeName.DATE) {
          if (isTimestamp(from)) {
            e = "Math.floorDiv(" + v.v + ", 86400000000L)";
          } else if (v.rep == Rep.STR) {
            e = "KernelRuntime2.parseDate(" + slice(v) + ")";
          }
        } else if (isTimestamp(to)) {
          if (f == SqlTypeName.DATE) {
            e = v.v + " * 86400000000L";
          } else if (isTimestamp(from)) {
            e = v.v;
          } else if (v.rep == Rep.STR) {
            e = "KernelRuntime2.parseTimestamp(" + slice(v) + ")";
          }
        } else if (tn == SqlTypeName.TIME && isTimestamp(from)) {
          e = "Math.floorMod(Math.floorDiv(" + v.v + ", 1000L), 86400000L)";
        }
        if (e == null) {
          throw new Unsupported("CAST " + from + " to " + to);
        }
        return strictExpr(Rep.LONG, to, e, v);
      }
      case STR: {
        String e = switch (f) {
          case TINYINT, SMALLINT, INTEGER, BIGINT -> "String.valueOf(" + v.v + ")";
          case DOUBLE, FLOAT -> "KernelRuntime2.doubleToString(" + v.v + ")";
          case REAL -> "KernelRuntime2.doubleToString((double) (float) " + v.v + ")";
          case DECIMAL -> big ? v.v + ".toPlainString()"
              : "java.math.BigDecimal.valueOf(" + v.v + ", " + from.getScale() + ").toPlainString()";
          case BOOLEAN -> "(" + v.v + " ? \"TRUE\" : \"FALSE\")";
          case DATE -> "org.apache.calcite.avatica.util.DateTimeUtils.unixDateToString((int) "
              + v.v + ")";
          case TIMESTAMP -> "KernelRuntime2.timestampToString(" + v.v + ", "
              + from.getPrecision() + ")";
          default -> null;
        };
        if (e == null) {
          throw new Unsupported("CAST " + from + " to " + to);
        }
        if (bounded) {
          return bytesResult(to, "KernelRuntime2.fitChars(KernelRuntime.utf8(" + e + "), "
              + to.getPrecision() + ", " + (tn == SqlTypeName.CHAR) + ")", v);
        }
        return bytesResult(to, "KernelRuntime.utf8(" + e + ")", v);
      }
      default:
        throw new Unsupported("CAST " + from + " to " + to);
    }
  }

  private static boolean isNumeric(RelDataType t) {
    return SqlTypeUtilNumeric.isNumeric(t);
  }

  // ------------------------------------------------------------------ SEARCH, LIKE, dates

  private Val search(RexCall call) {
    RexNode ref = call.getOperands().get(0);
    RexLiteral lit = (RexLiteral) call.getOperands().get(1);
    @SuppressWarnings("rawtypes")
    Sarg sarg = lit.getValueAs(Sarg.class);
    RelDataType rt = ref.getType();
    Rep rep = rep(rt);
    boolean points = sarg.isPoints();
    boolean complement = !points && sarg.isComplementedPoints();
    int count = points ? sarg.pointCount : complement ? sarg.negate().pointCount : 0;
    if ((points || complement) && count > 4
        && (rep == Rep.STR || rep == Rep.LONG || (rep == Rep.DEC && !big))
        && !isTimestamp(rt) && rt.getSqlTypeName() != SqlTypeName.TIME) {
      @SuppressWarnings("rawtypes")
      Sarg pts = complement ? sarg.negate() : sarg;
      List<Object> values = new ArrayList<>();
      for (Object o : pts.rangeSet.asRanges()) {
        @SuppressWarnings("rawtypes")
        com.google.common.collect.Range r = (com.google.common.collect.Range) o;
        Object c = r.lowerEndpoint();
        Object v = pointValue(c, rt);
        if (v != null) {
          values.add(v);
        }
      }
      Val a = gen(ref);
      String test;
      if (rep == Rep.STR) {
        byte[][] arr = values.toArray(new byte[0][]);
        String f = constField(new KernelRuntime.StringSet(arr), "KernelRuntime.StringSet");
        test = f + ".contains(" + slice(a) + ")";
      } else {
        long[] arr = values.stream().mapToLong(x -> (Long) x).sorted().toArray();
        String f = constField(arr, "long[]");
        test = "KernelRuntime.contains(" + f + ", " + a.v + ")";
      }
      if (complement) {
        test = "!" + test;
      }
      Val r = decl(Rep.BOOL, call.getType());
      RexUnknownAs nullAs = sarg.nullAs;
      String whenNull = switch (nullAs) {
        case TRUE -> r.n + " = false; " + r.v + " = true;";
        case FALSE -> r.n + " = false; " + r.v + " = false;";
        default -> r.n + " = true;";
      };
      emit("if (" + a.n + ") { " + whenNull + " } else { " + r.n + " = false; " + r.v + " = "
          + test + "; }");
      return r;
    }
    return gen(RexUtil.expandSearch(REX_BUILDER, null, call));
  }

  /** A Sarg point in the fast representation of {@code t}; null when it cannot equal a value. */
  private static Object pointValue(Object c, RelDataType t) {
    switch (rep(t)) {
      case STR:
        return KernelRuntime.utf8(c instanceof NlsString s ? s.getValue() : c.toString());
      case DEC: {
        BigDecimal d = (BigDecimal) c;
        try {
          BigDecimal x = d.setScale(t.getScale(), RoundingMode.UNNECESSARY);
          if (x.unscaledValue().bitLength() > 63) {
            throw new Unsupported("IN value beyond a long");
          }
          return x.unscaledValue().longValue();
        } catch (ArithmeticException e) {
          return null; // more digits than the column has: never equal
        }
      }
      default:
        if (c instanceof DateString ds) {
          return (long) ds.getDaysSinceEpoch();
        }
        if (c instanceof BigDecimal d) {
          try {
            return d.longValueExact();
          } catch (ArithmeticException e) {
            return null;
          }
        }
        if (c instanceof Number n) {
          return n.longValue();
        }
        throw new Unsupported("IN list of " + c.getClass().getSimpleName());
    }
  }

  private Val like(RexCall call) {
    List<RexNode> ops = call.getOperands();
    String name = call.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
    boolean negated = name.startsWith("NOT");
    String kind = call.getKind() == SqlKind.SIMILAR ? "SIMILAR"
        : name.contains("ILIKE") ? "ILIKE" : "LIKE";
    if (!(ops.get(1) instanceof RexLiteral pat)
        || (ops.size() > 2 && !(ops.get(2) instanceof RexLiteral))) {
      throw new Unsupported("LIKE with a non-literal pattern");
    }
    Val s = gen(ops.get(0));
    requireRep(s, Rep.STR);
    if (pat.isNull()) {
      return nullOf(call.getType());
    }
    String escape = ops.size() > 2 ? ((RexLiteral) ops.get(2)).getValueAs(String.class) : null;
    KernelRuntime.Matcher m;
    try {
      m = KernelRuntime.Matcher.of(pat.getValueAs(String.class), escape, kind);
    } catch (RuntimeException e) {
      throw new Unsupported("pattern: " + e.getMessage());
    }
    String f = constField(m, "KernelRuntime.Matcher");
    return strictExpr(Rep.BOOL, call.getType(), (negated ? "!" : "") + f + ".matches("
        + slice(s) + ")", s);
  }

  private Val extract(RexCall call) {
    TimeUnitRange unit = ((RexLiteral) call.getOperands().get(0)).getValueAs(TimeUnitRange.class);
    Val a = gen(call.getOperands().get(1));
    RelDataType t = call.getType();
    String range = "org.apache.calcite.avatica.util.TimeUnitRange." + unit.name();
    SqlTypeName tn = a.type.getSqlTypeName();
    boolean dateUnit = switch (unit) {
      case YEAR, QUARTER, MONTH, WEEK, DAY, DOW, DOY, ISODOW, ISOYEAR, DECADE, CENTURY,
          MILLENNIUM -> true;
      default -> false;
    };
    String e;
    if (tn == SqlTypeName.DATE && dateUnit) {
      e = "org.apache.calcite.avatica.util.DateTimeUtils.unixDateExtract(" + range + ", " + a.v
          + ")";
    } else if (isTimestamp(a.type) && dateUnit) {
      e = "org.apache.calcite.avatica.util.DateTimeUtils.unixDateExtract(" + range
          + ", Math.floorDiv(" + a.v + ", 86400000000L))";
    } else if (isTimestamp(a.type) && (unit == TimeUnitRange.HOUR || unit == TimeUnitRange.MINUTE
        || unit == TimeUnitRange.SECOND)) {
      String ms = "Math.floorMod(Math.floorDiv(" + a.v + ", 1000L), 86400000L)";
      e = switch (unit) {
        case HOUR -> ms + " / 3600000L";
        case MINUTE -> "(" + ms + " / 60000L) % 60L";
        default -> "(" + ms + " / 1000L) % 60L";
      };
    } else {
      throw new Unsupported("EXTRACT " + unit + " from " + a.type);
    }
    if (rep(t) != Rep.LONG) {
      throw new Unsupported("EXTRACT result " + t);
    }
    return strictExpr(Rep.LONG, t, e, a);
  }

  private Val floorCeil(RexCall call) {
    RelDataType t = call.getType();
    if (call.getOperands().size() != 2) {
      Val a = gen(call.getOperands().get(0));
      String fn = call.getKind() == SqlKind.FLOOR ? "floor" : "ceil";
      return switch (a.rep) {
        case DOUBLE -> strictExpr(Rep.DOUBLE, t, "Math." + fn + "(" + a.v + ")", a);
        case LONG -> a;
        default -> throw new Unsupported("FLOOR/CEIL of " + a.type);
      };
    }
    if (call.getKind() != SqlKind.FLOOR) {
      throw new Unsupported("CEIL to a unit");
    }
    TimeUnitRange unit = ((RexLiteral) call.getOperands().get(1)).getValueAs(TimeUnitRange.class);
    Val a = gen(call.getOperands().get(0));
    String range = "org.apache.calcite.avatica.util.TimeUnitRange." + unit.name();
    if (a.type.getSqlTypeName() == SqlTypeName.DATE) {
      return strictExpr(Rep.LONG, t, "org.apache.calcite.avatica.util.DateTimeUtils.unixDateFloor("
          + range + ", " + a.v + ")", a);
    }
    if (isTimestamp(a.type)) {
      return strictExpr(Rep.LONG, t,
          "org.apache.calcite.avatica.util.DateTimeUtils.unixTimestampFloor(" + range
          + ", Math.floorDiv(" + a.v + ", 1000L)) * 1000L", a);
    }
    throw new Unsupported("FLOOR of " + a.type);
  }

  /** Numeric type test (integers, decimals, approximate numbers). */
  private static final class SqlTypeUtilNumeric {
    static boolean isNumeric(RelDataType t) {
      return org.apache.calcite.sql.type.SqlTypeUtil.isNumeric(t);
    }
  }

  static {
    // Referenced so the operator table is initialized before kinds are compared.
    SqlStdOperatorTable.instance();
  }
}
