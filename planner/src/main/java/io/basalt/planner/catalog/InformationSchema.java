package io.basalt.planner.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The SQL standard's {@code information_schema} with the two views BI tools and people query:
 * {@code tables} and {@code columns}, computed at query time from the connection's schemas (the
 * data folder's tables; the {@code metadata} and {@code information_schema} schemas themselves are
 * left out). Catalog is always {@code basalt}, as in DatabaseMetaData.
 */
public final class InformationSchema extends AbstractSchema {
  public static final String NAME = "information_schema";
  private static final String CATALOG = "basalt";

  private final SchemaPlus root;

  public InformationSchema(SchemaPlus root) {
    this.root = root;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return Map.of("tables", new View(InformationSchema::tablesType, this::tableRows),
        "columns", new View(InformationSchema::columnsType, this::columnRows));
  }

  private List<Object[]> tableRows(RelDataTypeFactory factory) {
    List<Object[]> rows = new ArrayList<>();
    forEachTable((schema, name, table) -> rows.add(new Object[] {
        CATALOG, schema, name, "BASE TABLE"}));
    return rows;
  }

  private List<Object[]> columnRows(RelDataTypeFactory factory) {
    List<Object[]> rows = new ArrayList<>();
    forEachTable((schema, name, table) -> {
      for (RelDataTypeField field : table.getRowType(factory).getFieldList()) {
        RelDataType type = field.getType();
        SqlTypeName typeName = type.getSqlTypeName();
        boolean numeric = SqlTypeName.NUMERIC_TYPES.contains(typeName);
        boolean character = SqlTypeName.CHAR_TYPES.contains(typeName)
            || SqlTypeName.BINARY_TYPES.contains(typeName);
        rows.add(new Object[] {
            CATALOG, schema, name, field.getName(), field.getIndex() + 1,
            typeName.getName(), type.isNullable() ? "YES" : "NO",
            character && type.getPrecision() > 0 ? type.getPrecision() : null,
            numeric ? type.getPrecision() : null,
            numericScale(typeName, type)});
      }
    });
    return rows;
  }

  private static Integer numericScale(SqlTypeName typeName, RelDataType type) {
    if (typeName == SqlTypeName.DECIMAL) {
      return type.getScale();
    }
    return SqlTypeName.NUMERIC_TYPES.contains(typeName) ? Integer.valueOf(0) : null;
  }

  /** Receives one table of a schema. */
  private interface TableVisitor {
    void visit(String schema, String name, Table table);
  }

  private void forEachTable(TableVisitor visitor) {
    for (String schemaName : new java.util.TreeSet<>(root.getSubSchemaNames())) {
      if (schemaName.equals(NAME) || schemaName.equals("metadata")) {
        continue;
      }
      SchemaPlus schema = root.getSubSchema(schemaName);
      if (schema == null) {
        continue;
      }
      for (String tableName : new java.util.TreeSet<>(schema.getTableNames())) {
        Table table = schema.getTable(tableName);
        if (table != null) {
          visitor.visit(schemaName, tableName, table);
        }
      }
    }
  }

  private static RelDataType tablesType(RelDataTypeFactory f) {
    return f.builder()
        .add("table_catalog", SqlTypeName.VARCHAR)
        .add("table_schema", SqlTypeName.VARCHAR)
        .add("table_name", SqlTypeName.VARCHAR)
        .add("table_type", SqlTypeName.VARCHAR)
        .build();
  }

  private static RelDataType columnsType(RelDataTypeFactory f) {
    return f.builder()
        .add("table_catalog", SqlTypeName.VARCHAR)
        .add("table_schema", SqlTypeName.VARCHAR)
        .add("table_name", SqlTypeName.VARCHAR)
        .add("column_name", SqlTypeName.VARCHAR)
        .add("ordinal_position", SqlTypeName.INTEGER)
        .add("data_type", SqlTypeName.VARCHAR)
        .add("is_nullable", SqlTypeName.VARCHAR)
        .add("character_maximum_length", SqlTypeName.INTEGER).nullable(true)
        .add("numeric_precision", SqlTypeName.INTEGER).nullable(true)
        .add("numeric_scale", SqlTypeName.INTEGER).nullable(true)
        .build();
  }

  /** A table whose rows are computed on each scan. */
  private static final class View extends AbstractTable implements ScannableTable {
    private final java.util.function.Function<RelDataTypeFactory, RelDataType> type;
    private final java.util.function.Function<RelDataTypeFactory, List<Object[]>> rows;

    View(java.util.function.Function<RelDataTypeFactory, RelDataType> type,
        java.util.function.Function<RelDataTypeFactory, List<Object[]>> rows) {
      this.type = type;
      this.rows = rows;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return type.apply(typeFactory);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext context) {
      return Linq4j.asEnumerable(rows.apply(context.getTypeFactory()));
    }
  }
}
