package io.basalt.planner.catalog;

import io.basalt.engine.format.csv.CsvRejects;
import java.util.List;
import com.google.common.collect.ImmutableList;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code csv_rejects([max_rows])}: the records that CSV scans of this connection skipped under {@code
 * ignore_errors => true} — {@code file}, {@code line}, {@code column_name} (NULL when the record
 * as a whole was wrong, e.g. ragged) and {@code error} — the first {@value CsvRejects#MAX_LISTED}
 * since the connection opened, in the order they were found. The list is read when the statement
 * is prepared (it becomes a VALUES list), so re-run a prepared statement's preparation to refresh it.
 * The optional {@code max_rows} lists only the first rows; it also keeps the function from being
 * listed as a table in JDBC metadata, as Calcite does with functions that take no argument.
 */
public final class CsvRejectsMacro implements TableMacro {
  public static final String NAME = "csv_rejects";

  private final CsvRejects rejects;

  public CsvRejectsMacro(CsvRejects rejects) {
    this.rejects = rejects;
  }

  @Override
  public TranslatableTable apply(List<? extends Object> arguments) {
    // PlanDependencies cannot fingerprint what this table reads (a glob's matches, earlier
    // statements' rejects): a plan over it is never reused.
    PlanDependencies.uncacheable();
    Object max = arguments.isEmpty() ? null : arguments.get(0);
    int limit = max == null ? Integer.MAX_VALUE : ((Number) max).intValue();
    if (limit < 0) {
      throw new IllegalArgumentException("csv_rejects(max_rows): max_rows must not be negative, got " + limit);
    }
    return new RejectsTable(rejects, limit);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return List.of(new FunctionParameter() {
      @Override
      public int getOrdinal() {
        return 0;
      }

      @Override
      public String getName() {
        return "max_rows";
      }

      @Override
      public RelDataType getType(RelDataTypeFactory typeFactory) {
        return typeFactory instanceof org.apache.calcite.adapter.java.JavaTypeFactory java
            ? java.createType(Integer.class) : typeFactory.createSqlType(SqlTypeName.INTEGER);
      }

      @Override
      public boolean isOptional() {
        return true;
      }
    });
  }

  /** A snapshot of the log when the statement is prepared. */
  private static final class RejectsTable extends AbstractTable implements TranslatableTable {
    private final CsvRejects rejects;
    private final int limit;

    RejectsTable(CsvRejects rejects, int limit) {
      this.rejects = rejects;
      this.limit = limit;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      return f.builder()
          .add("file", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), false))
          .add("line", f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT), false))
          .add("column_name", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true))
          .add("error", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), false))
          .build();
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
      RexBuilder rex = context.getCluster().getRexBuilder();
      RelDataType rowType = relOptTable.getRowType();
      List<RelDataTypeField> fields = rowType.getFieldList();
      ImmutableList.Builder<ImmutableList<RexLiteral>> tuples = ImmutableList.builder();
      List<CsvRejects.Reject> listed = rejects.list();
      for (CsvRejects.Reject r : listed.subList(0, Math.min(limit, listed.size()))) {
        tuples.add(ImmutableList.of(
            (RexLiteral) rex.makeLiteral(r.file().toString(), fields.get(0).getType(), false),
            (RexLiteral) rex.makeLiteral(r.line(), fields.get(1).getType(), false),
            r.column() == null ? rex.makeNullLiteral(fields.get(2).getType())
                : (RexLiteral) rex.makeLiteral(r.column(), fields.get(2).getType(), false),
            (RexLiteral) rex.makeLiteral(r.reason(), fields.get(3).getType(), false)));
      }
      return LogicalValues.create(context.getCluster(), rowType, tuples.build());
    }
  }
}
