package io.basalt.planner.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.expr.CalcKernel;
import io.basalt.engine.expr.ConditionKernel;
import io.basalt.planner.BasaltTypeSystem;
import io.basalt.planner.types.RowValueReader;
import io.basalt.planner.types.SqlArrowTypes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The expression compiler against hand-computed answers: each operator family over columns with
 * NULLs, overflow and division errors, HALF_UP rounding, decimals beyond a long (the exact
 * variant), UTF-8 strings, empty and one-row batches, parameters. Every test checks that no Arrow
 * memory is left allocated.
 */
class KernelCompilerTest {
  private static final JavaTypeFactoryImpl TF = new JavaTypeFactoryImpl(BasaltTypeSystem.INSTANCE);
  private static final RexBuilder RB = new RexBuilder(TF);

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void noLeaks() {
    assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
    allocator.close();
  }

  // ------------------------------------------------------------------ fixtures

  private static RelDataType nullable(SqlTypeName t) {
    return TF.createTypeWithNullability(TF.createSqlType(t), true);
  }

  private static RelDataType decimal(int p, int s) {
    return TF.createTypeWithNullability(TF.createSqlType(SqlTypeName.DECIMAL, p, s), true);
  }

  /** An input table: column types and rows. */
  private record Table(RelDataType rowType, List<Object[]> rows) {}

  private static Table table(String[] names, RelDataType[] types, Object[]... rows) {
    return new Table(TF.createStructType(Arrays.asList(types), Arrays.asList(names)),
        Arrays.asList(rows));
  }

  private VectorSchemaRoot batch(Table t) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SqlArrowTypes.schema(t.rowType()), allocator);
    int n = t.rows().size();
    for (int c = 0; c < root.getFieldVectors().size(); c++) {
      FieldVector v = root.getVector(c);
      v.setInitialCapacity(n);
      v.allocateNew();
      for (int r = 0; r < n; r++) {
        Object x = t.rows().get(r)[c];
        if (x == null) {
          v.setNull(r);
        } else if (v instanceof IntVector iv) {
          iv.setSafe(r, (Integer) x);
        } else if (v instanceof BigIntVector bv) {
          bv.setSafe(r, ((Number) x).longValue());
        } else if (v instanceof DecimalVector dv) {
          dv.setSafe(r, new BigDecimal(x.toString()).setScale(dv.getScale()));
        } else if (v instanceof VarCharVector sv) {
          sv.setSafe(r, ((String) x).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof DateDayVector dv) {
          dv.setSafe(r, (int) ((LocalDate) x).toEpochDay());
        } else if (v instanceof Float8Vector fv) {
          fv.setSafe(r, (Double) x);
        } else if (v instanceof BitVector bv) {
          bv.setSafe(r, (Boolean) x ? 1 : 0);
        } else {
          throw new IllegalArgumentException(v.getClass().toString());
        }
      }
      v.setValueCount(n);
    }
    root.setRowCount(n);
    return root;
  }

  private static RexNode ref(Table t, int i) {
    return RB.makeInputRef(t.rowType().getFieldList().get(i).getType(), i);
  }

  private static RexProgram program(Table t, RexNode condition, RexNode... projects) {
    return RexProgram.create(t.rowType(), Arrays.asList(projects), condition,
        RexUtilTypes.rowType(projects), RB);
  }

  /** Runs the Calc kernel of {@code program} over {@code t}; rows as the JDBC layer reads them. */
  private List<List<Object>> run(Table t, RexProgram program) {
    CalcKernel kernel = KernelCompiler.calc(program).orElseThrow(() -> new AssertionError(
        "not supported: " + KernelCompiler.unsupportedReason(program)));
    try (VectorSchemaRoot in = batch(t); VectorSchemaRoot out = applyOnDirtyMemory(kernel, in)) {
      List<List<Object>> rows = new ArrayList<>();
      List<RowValueReader> readers = new ArrayList<>();
      for (FieldVector v : out.getFieldVectors()) {
        assertEquals(v.getValueCount(), out.getRowCount());
        assertZerosUnderNulls(v);
        readers.add(RowValueReader.forVector(v));
      }
      for (int r = 0; r < out.getRowCount(); r++) {
        List<Object> row = new ArrayList<>();
        for (RowValueReader reader : readers) {
          row.add(reader.read(r));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /**
   * Applies {@code kernel} after filling the allocator's pool with 0xFF bytes: outputs are not
   * zero-filled, so only what the kernel writes may show.
   */
  private VectorSchemaRoot applyOnDirtyMemory(CalcKernel kernel, VectorSchemaRoot in) {
    for (int size = 1 << 6; size <= 1 << 16; size <<= 2) {
      try (org.apache.arrow.memory.ArrowBuf dirty = allocator.buffer(size)) {
        dirty.setOne(0, dirty.capacity());
      }
    }
    return kernel.apply(in, allocator);
  }

  /** NULL results carry zero data: kernels downstream compute on NULL slots too. */
  private static void assertZerosUnderNulls(FieldVector v) {
    if (!(v instanceof org.apache.arrow.vector.BaseFixedWidthVector f) || v instanceof BitVector) {
      return;
    }
    int width = f.getTypeWidth();
    for (int r = 0; r < v.getValueCount(); r++) {
      if (v.isNull(r)) {
        for (int b = 0; b < width; b++) {
          assertEquals(0, f.getDataBuffer().getByte((long) r * width + b),
              v.getName() + " row " + r + " byte " + b);
        }
      }
    }
  }

  private List<Object> column(Table t, RexNode e) {
    List<Object> out = new ArrayList<>();
    for (List<Object> row : run(t, program(t, null, e))) {
      out.add(row.get(0));
    }
    return out;
  }

  private static RexNode call(org.apache.calcite.sql.SqlOperator op, RexNode... args) {
    return RB.makeCall(op, args);
  }

  private static RexNode lit(Object v) {
    if (v instanceof String s) {
      return RB.makeLiteral(s);
    }
    if (v instanceof Integer i) {
      return RB.makeExactLiteral(BigDecimal.valueOf(i));
    }
    if (v instanceof BigDecimal d) {
      return RB.makeExactLiteral(d);
    }
    if (v instanceof Boolean b) {
      return RB.makeLiteral(b);
    }
    throw new IllegalArgumentException(String.valueOf(v));
  }

  private static List<Object> list(Object... values) {
    return Arrays.asList(values);
  }

  private static BigDecimal dec(String s) {
    return new BigDecimal(s);
  }

  // ------------------------------------------------------------------ tests

  @Test
  void tpchRevenueExpressionsWithNulls() {
    Table t = table(new String[] {"price", "disc", "tax"},
        new RelDataType[] {decimal(15, 2), decimal(15, 2), decimal(15, 2)},
        new Object[] {"100.00", "0.05", "0.08"},
        new Object[] {"12345.67", "0.10", "0.00"},
        new Object[] {null, "0.01", "0.02"},
        new Object[] {"1.00", null, "0.02"});
    RexNode discPrice = call(SqlStdOperatorTable.MULTIPLY, ref(t, 0),
        call(SqlStdOperatorTable.MINUS, lit(1), ref(t, 1)));
    RexNode charge = call(SqlStdOperatorTable.MULTIPLY, discPrice,
        call(SqlStdOperatorTable.PLUS, lit(1), ref(t, 2)));
    List<List<Object>> rows = run(t, program(t, null, discPrice, charge));
    assertEquals(list(dec("95.0000"), dec("102.600000")), rows.get(0));
    assertEquals(list(dec("11111.1030"), dec("11111.103000")), rows.get(1));
    assertEquals(list(null, null), rows.get(2));
    assertEquals(list(null, null), rows.get(3));
  }

  @Test
  void decimalDivisionRoundsHalfUpAndComparesAcrossScales() {
    Table t = table(new String[] {"a", "b"},
        new RelDataType[] {decimal(15, 2), decimal(38, 4)},
        new Object[] {"2.00", "3.0000"},
        new Object[] {"1.00", "-0.0008"},
        new Object[] {"5.00", "5.0000"});
    RexNode div = call(SqlStdOperatorTable.DIVIDE, ref(t, 0), ref(t, 1));
    int scale = div.getType().getScale();
    List<Object> q = column(t, div);
    assertEquals(dec("2").divide(dec("3"), scale, java.math.RoundingMode.HALF_UP), q.get(0));
    assertEquals(dec("-1250").setScale(scale), q.get(1));
    assertEquals(list(false, false, true),
        column(t, call(SqlStdOperatorTable.EQUALS, ref(t, 0), ref(t, 1))));
    assertEquals(list(true, false, false),
        column(t, call(SqlStdOperatorTable.LESS_THAN, ref(t, 0), ref(t, 1))));
  }

  @Test
  void castToLowerScaleRoundsHalfUp() {
    Table t = table(new String[] {"a"}, new RelDataType[] {decimal(10, 3)},
        new Object[] {"1.005"}, new Object[] {"-1.005"}, new Object[] {"2.004"});
    assertEquals(list(dec("1.01"), dec("-1.01"), dec("2.00")),
        column(t, RB.makeCast(decimal(10, 2), ref(t, 0))));
    assertEquals(list(1.005, -1.005, 2.004),
        column(t, RB.makeCast(nullable(SqlTypeName.DOUBLE), ref(t, 0))));
    assertEquals(list(1, -1, 2), column(t, RB.makeCast(nullable(SqlTypeName.INTEGER), ref(t, 0))));
  }

  @Test
  void decimalsBeyondALongUseTheExactVariant() {
    Table t = table(new String[] {"a"}, new RelDataType[] {decimal(38, 2)},
        new Object[] {"123456789012345678901234.56"}, new Object[] {"1.50"});
    RexNode twice = call(SqlStdOperatorTable.PLUS, ref(t, 0), ref(t, 0));
    assertEquals(list(dec("246913578024691357802469.12"), dec("3.00")), column(t, twice));
    // A product of longs that overflows a long but fits DECIMAL(38): exact, not an error.
    Table u = table(new String[] {"a"}, new RelDataType[] {decimal(18, 0)},
        new Object[] {"999999999999999999"});
    assertEquals(list(dec("999999999999999998000000000000000001")),
        column(u, call(SqlStdOperatorTable.MULTIPLY, ref(u, 0), ref(u, 0))));
  }

  @Test
  void integerOverflowAndDivisionByZeroAreErrors() {
    Table t = table(new String[] {"i", "b"},
        new RelDataType[] {nullable(SqlTypeName.INTEGER), nullable(SqlTypeName.BIGINT)},
        new Object[] {Integer.MAX_VALUE, Long.MAX_VALUE}, new Object[] {0, 0L});
    ArithmeticException e = assertThrows(ArithmeticException.class,
        () -> column(t, call(SqlStdOperatorTable.PLUS, ref(t, 0), lit(1))));
    assertTrue(e.getMessage().contains("overflow"), e.getMessage());
    e = assertThrows(ArithmeticException.class,
        () -> column(t, call(SqlStdOperatorTable.MULTIPLY, ref(t, 1), lit(2))));
    assertTrue(e.getMessage().contains("overflow"), e.getMessage());
    e = assertThrows(ArithmeticException.class,
        () -> column(t, call(SqlStdOperatorTable.DIVIDE, lit(7), ref(t, 0))));
    assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    Table d = table(new String[] {"a"}, new RelDataType[] {decimal(15, 2)}, new Object[] {"0.00"});
    assertThrows(ArithmeticException.class,
        () -> column(d, call(SqlStdOperatorTable.DIVIDE, lit(dec("1.5")), ref(d, 0))));
  }

  @Test
  void threeValuedLogicCaseAndCoalesce() {
    Table t = table(new String[] {"a", "b"},
        new RelDataType[] {nullable(SqlTypeName.BOOLEAN), nullable(SqlTypeName.BOOLEAN)},
        new Object[] {true, null}, new Object[] {false, null}, new Object[] {null, null},
        new Object[] {true, true});
    assertEquals(list(null, false, null, true),
        column(t, call(SqlStdOperatorTable.AND, ref(t, 0), ref(t, 1))));
    assertEquals(list(true, null, null, true),
        column(t, call(SqlStdOperatorTable.OR, ref(t, 0), ref(t, 1))));
    assertEquals(list(false, true, null, false), column(t, call(SqlStdOperatorTable.NOT, ref(t, 0))));
    assertEquals(list(false, false, true, false),
        column(t, call(SqlStdOperatorTable.IS_NULL, ref(t, 0))));
    assertEquals(list(true, false, false, true),
        column(t, call(SqlStdOperatorTable.IS_TRUE, ref(t, 0))));
    assertEquals(list(false, true, true, false),
        column(t, call(SqlStdOperatorTable.IS_NOT_TRUE, ref(t, 0))));
    // The CASE is a CHAR(3): 'no' (a CHAR(2)) is padded, as Calcite pads it in SQL.
    RexNode caseExpr = call(SqlStdOperatorTable.CASE, ref(t, 0), lit("yes"), lit("no"));
    assertEquals(list("yes", "no ", "no ", "yes"), column(t, caseExpr));
    RexNode coalesce = call(SqlStdOperatorTable.COALESCE, ref(t, 1), ref(t, 0));
    assertEquals(list(true, false, null, true), column(t, coalesce));
  }

  @Test
  void caseEvaluatesOnlyTheChosenBranch() {
    Table t = table(new String[] {"x"}, new RelDataType[] {nullable(SqlTypeName.INTEGER)},
        new Object[] {0}, new Object[] {4}, new Object[] {null});
    RexNode safe = call(SqlStdOperatorTable.CASE,
        call(SqlStdOperatorTable.NOT_EQUALS, ref(t, 0), lit(0)),
        call(SqlStdOperatorTable.DIVIDE, lit(8), ref(t, 0)), lit(-1));
    assertEquals(list(-1, 2, -1), column(t, safe));
  }

  @Test
  void unicodeStringsLikeSubstringAndFunctions() {
    Table t = table(new String[] {"s"}, new RelDataType[] {nullable(SqlTypeName.VARCHAR)},
        new Object[] {"forest green"}, new Object[] {"Ünïcødé ßtring"}, new Object[] {null},
        new Object[] {""}, new Object[] {"PROMO BRUSHED"});
    assertEquals(list(true, false, null, false, false),
        column(t, call(SqlStdOperatorTable.LIKE, ref(t, 0), lit("%green%"))));
    assertEquals(list(false, false, null, false, true),
        column(t, call(SqlStdOperatorTable.LIKE, ref(t, 0), lit("PROMO%"))));
    assertEquals(list(false, true, null, false, false),
        column(t, call(SqlStdOperatorTable.LIKE, ref(t, 0), lit("Ü_ïc%ring"))));
    assertEquals(list(true, false, null, false, false),
        column(t, call(SqlStdOperatorTable.LIKE, ref(t, 0), lit("f%e%t%n"))));
    assertEquals(list("fo", "Ün", null, "", "PR"), column(t,
        call(SqlStdOperatorTable.SUBSTRING, ref(t, 0), lit(1), lit(2))));
    assertEquals(list("est green", "cødé ßtring", null, "", "MO BRUSHED"), column(t,
        call(SqlStdOperatorTable.SUBSTRING, ref(t, 0), lit(4))));
    assertEquals(list(12L, 14L, null, 0L, 13L),
        column(t, call(SqlStdOperatorTable.CHAR_LENGTH, ref(t, 0))).stream()
            .map(x -> x == null ? null : ((Number) x).longValue()).toList());
    assertEquals(list("FOREST GREEN", "ÜNÏCØDÉ SSTRING", null, "", "PROMO BRUSHED"),
        column(t, call(SqlStdOperatorTable.UPPER, ref(t, 0))));
    assertEquals(list("forest green!", "Ünïcødé ßtring!", null, "!", "PROMO BRUSHED!"),
        column(t, call(SqlStdOperatorTable.CONCAT, ref(t, 0), lit("!"))));
    // Code point order: 'Ü' (U+00DC) sorts after every ASCII letter.
    assertEquals(list(false, true, null, false, false),
        column(t, call(SqlStdOperatorTable.GREATER_THAN, ref(t, 0), lit("z"))));
  }

  /** CAST to VARCHAR(n) truncates and CHAR(n) pads, per character, as Calcite's functions do. */
  @Test
  void boundedStringCastsTruncateAndPad() {
    RelDataType varchar3 = TF.createSqlType(SqlTypeName.VARCHAR, 3);
    RelDataType char5 = TF.createSqlType(SqlTypeName.CHAR, 5);
    String[] values = {"ab", "abcdef", "Ünïcødé", ""};
    Table t = table(new String[] {"s"}, new RelDataType[] {nullable(SqlTypeName.VARCHAR)},
        new Object[] {values[0]}, new Object[] {values[1]}, new Object[] {values[2]},
        new Object[] {values[3]}, new Object[] {null});
    java.util.List<Object> truncated = new java.util.ArrayList<>();
    java.util.List<Object> padded = new java.util.ArrayList<>();
    for (String v : values) {
      truncated.add(org.apache.calcite.runtime.SqlFunctions.truncate(v, 3));
      padded.add(org.apache.calcite.runtime.SqlFunctions.truncateOrPad(v, 5));
    }
    truncated.add(null);
    padded.add(null);
    assertEquals(truncated, column(t, RB.makeCast(TF.createTypeWithNullability(varchar3, true),
        ref(t, 0))));
    assertEquals(padded, column(t, RB.makeCast(TF.createTypeWithNullability(char5, true),
        ref(t, 0))));
    Table n = table(new String[] {"i"}, new RelDataType[] {nullable(SqlTypeName.INTEGER)},
        new Object[] {7}, new Object[] {-123456});
    assertEquals(list("7    ", "-1234"), column(n,
        RB.makeCast(TF.createTypeWithNullability(char5, true), ref(n, 0))));
  }

  /** SIMILAR TO follows Calcite's pattern language: %, _, alternation, classes, repetition. */
  @Test
  void similarToAgreesWithCalcite() {
    Table t = table(new String[] {"s"}, new RelDataType[] {nullable(SqlTypeName.VARCHAR)},
        new Object[] {"ALGERIA"}, new Object[] {"BRAZIL"}, new Object[] {null},
        new Object[] {""}, new Object[] {"a_b"}, new Object[] {"Ünïcødé"});
    String[] patterns = {"(A|B)%", "%[A-M]", "_%", "%(_)#_%", "Ü%", "[a-z]+_[a-z]*"};
    org.apache.calcite.runtime.SqlFunctions.SimilarFunction ref =
        new org.apache.calcite.runtime.SqlFunctions.SimilarFunction();
    for (String pattern : patterns) {
      if (pattern.contains("#")) {
        continue; // escapes below
      }
      java.util.List<Object> expected = new java.util.ArrayList<>();
      for (Object v : new Object[] {"ALGERIA", "BRAZIL", null, "", "a_b", "Ünïcødé"}) {
        expected.add(v == null ? null : ref.similar((String) v, pattern));
      }
      assertEquals(expected,
          column(t, call(SqlStdOperatorTable.SIMILAR_TO, ref(t, 0), lit(pattern))), pattern);
    }
    assertEquals(list(false, false, null, false, true, false), column(t,
        call(SqlStdOperatorTable.SIMILAR_TO, ref(t, 0), lit("%#_%"), lit("#"))));
    assertEquals(list(false, true, null, true, true, true), column(t,
        call(SqlStdOperatorTable.NOT, call(SqlStdOperatorTable.SIMILAR_TO, ref(t, 0),
            lit("(A|X)%")))));
  }

  @Test
  void searchInListsAndRanges() {
    Table t = table(new String[] {"s", "i", "d"},
        new RelDataType[] {nullable(SqlTypeName.VARCHAR), nullable(SqlTypeName.INTEGER),
            nullable(SqlTypeName.DATE)},
        new Object[] {"13", 3, LocalDate.parse("1994-01-01")},
        new Object[] {"99", 4, LocalDate.parse("1995-01-01")},
        new Object[] {null, null, null},
        new Object[] {"31", 49, LocalDate.parse("1994-12-31")});
    RexNode strIn = RexUtilTypes.in(ref(t, 0), "13", "17", "18", "23", "29", "30", "31");
    assertEquals(list(true, false, null, true), column(t, strIn));
    RexNode intIn = RexUtilTypes.in(ref(t, 1), 3, 9, 14, 19, 23, 36, 45, 49);
    assertEquals(list(true, false, null, true), column(t, intIn));
    RexNode range = RB.makeBetween(ref(t, 2),
        RB.makeDateLiteral(new DateString("1994-01-01")),
        RB.makeDateLiteral(new DateString("1994-12-31")));
    RexNode simplified = RexUtilTypes.simplify(range);
    assertEquals(list(true, false, null, true), column(t, simplified));
  }

  @Test
  void datesExtractAndIntervals() {
    Table t = table(new String[] {"d"}, new RelDataType[] {nullable(SqlTypeName.DATE)},
        new Object[] {LocalDate.parse("1996-02-29")}, new Object[] {null});
    RexNode year = call(SqlStdOperatorTable.EXTRACT, RB.makeFlag(TimeUnitRange.YEAR), ref(t, 0));
    assertEquals(list(1996L, null), column(t, year).stream()
        .map(x -> x == null ? null : ((Number) x).longValue()).toList());
    RexNode plusYear = call(SqlStdOperatorTable.DATETIME_PLUS, ref(t, 0),
        RB.makeIntervalLiteral(BigDecimal.valueOf(12),
            new SqlIntervalQualifier(TimeUnit.MONTH, null, SqlParserPos.ZERO)));
    assertEquals(list((int) LocalDate.parse("1997-02-28").toEpochDay(), null),
        column(t, plusYear));
    RexNode plusDays = call(SqlStdOperatorTable.DATETIME_PLUS, ref(t, 0),
        RB.makeIntervalLiteral(BigDecimal.valueOf(3 * 86_400_000L),
            new SqlIntervalQualifier(TimeUnit.DAY, null, SqlParserPos.ZERO)));
    assertEquals(list((int) LocalDate.parse("1996-03-03").toEpochDay(), null),
        column(t, plusDays));
    assertEquals(list("1996-02-29", null),
        column(t, RB.makeCast(nullable(SqlTypeName.VARCHAR), ref(t, 0))));
  }

  @Test
  void filterWithPassThroughEmptyAndOneRowBatches() {
    Table t = table(new String[] {"k", "s"},
        new RelDataType[] {nullable(SqlTypeName.BIGINT), nullable(SqlTypeName.VARCHAR)},
        new Object[] {1L, "a"}, new Object[] {2L, null}, new Object[] {null, "c"},
        new Object[] {4L, "d"});
    RexNode cond = call(SqlStdOperatorTable.GREATER_THAN, ref(t, 0), lit(1));
    RexProgram p = program(t, cond, ref(t, 1), ref(t, 0), ref(t, 1));
    assertEquals(list(list(null, 2L, null), list("d", 4L, "d")), run(t, p));
    // No condition: columns are handed over, one of them twice.
    assertEquals(4, run(t, program(t, null, ref(t, 1), ref(t, 0), ref(t, 1))).size());
    Table empty = new Table(t.rowType(), List.of());
    assertEquals(List.of(), run(empty, p));
    Table one = new Table(t.rowType(), List.<Object[]>of(new Object[] {5L, "e"}));
    assertEquals(list(list("e", 5L, "e")), run(one, p));
  }

  @Test
  void conditionKernelSelectsTrueRowsOnly() {
    Table t = table(new String[] {"a"}, new RelDataType[] {decimal(15, 2)},
        new Object[] {"0.05"}, new Object[] {null}, new Object[] {"0.07"}, new Object[] {"0.08"});
    RexNode cond = RB.makeBetween(ref(t, 0), lit(dec("0.05")), lit(dec("0.07")));
    ConditionKernel k = KernelCompiler.condition(RexUtilTypes.simplify(cond), t.rowType())
        .orElseThrow();
    try (VectorSchemaRoot in = batch(t)) {
      int[] sel = new int[4];
      assertEquals(2, k.select(in, sel));
      assertEquals(0, sel[0]);
      assertEquals(2, sel[1]);
    }
  }

  @Test
  void parametersAreBoundPerExecution() {
    Table t = table(new String[] {"i"}, new RelDataType[] {nullable(SqlTypeName.INTEGER)},
        new Object[] {1}, new Object[] {5}, new Object[] {9});
    RexNode cond = call(SqlStdOperatorTable.GREATER_THAN, ref(t, 0),
        RB.makeDynamicParam(nullable(SqlTypeName.INTEGER), 0));
    RexProgram p = program(t, cond, ref(t, 0));
    assertFalse(KernelCompiler.calc(p).isPresent(), "needs values: only compileCalc binds them");
    KernelCompiler.Compiled c = KernelCompiler.compileCalc(p).orElseThrow();
    for (int[] caseOf : new int[][] {{0, 3}, {4, 2}, {9, 0}}) {
      CalcKernel k = c.bind(i -> caseOf[0]);
      try (VectorSchemaRoot in = batch(t); VectorSchemaRoot out = k.apply(in, allocator)) {
        assertEquals(caseOf[1], out.getRowCount());
      }
    }
  }

  @Test
  void unsupportedExpressionsAreRejectedNotMiscomputed() {
    Table t = table(new String[] {"s"}, new RelDataType[] {nullable(SqlTypeName.VARCHAR)},
        new Object[] {"x"});
    RexNode initcap = call(SqlStdOperatorTable.INITCAP, ref(t, 0));
    assertFalse(KernelCompiler.calc(program(t, null, initcap)).isPresent());
  }

  @Test
  void recompilingTheSameShapeReusesTheClass() {
    Table t = table(new String[] {"i"}, new RelDataType[] {nullable(SqlTypeName.INTEGER)},
        new Object[] {1});
    CalcKernel a = KernelCompiler.calc(program(t, null,
        call(SqlStdOperatorTable.PLUS, ref(t, 0), lit(1)))).orElseThrow();
    CalcKernel b = KernelCompiler.calc(program(t, null,
        call(SqlStdOperatorTable.PLUS, ref(t, 0), lit(1)))).orElseThrow();
    assertEquals(((KernelCompiler.Kernel) a).generatedClass(),
        ((KernelCompiler.Kernel) b).generatedClass());
  }

  /** Small Rex helpers. */
  private static final class RexUtilTypes {
    static RelDataType rowType(RexNode[] projects) {
      List<RelDataType> types = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < projects.length; i++) {
        types.add(projects[i].getType());
        names.add("c" + i);
      }
      return TF.createStructType(types, names);
    }

    static RexNode in(RexNode ref, Object... values) {
      List<RexNode> lits = new ArrayList<>();
      for (Object v : values) {
        lits.add(lit(v));
      }
      return RB.makeIn(ref, lits);
    }

    static RexNode simplify(RexNode e) {
      return new org.apache.calcite.rex.RexSimplify(RB,
          org.apache.calcite.plan.RelOptPredicateList.EMPTY,
          org.apache.calcite.rex.RexUtil.EXECUTOR).simplifyUnknownAsFalse(e);
    }
  }
}
