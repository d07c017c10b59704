package io.basalt.planner;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Basalt's numeric typing, chosen to match DuckDB (our reference engine) rather than Calcite's
 * defaults: DECIMAL up to 38 digits; SUM of a DECIMAL(p,s) is DECIMAL(38,s) and SUM of an integer is
 * BIGINT (no silent overflow of a narrow type); AVG of any exact number is DOUBLE (Calcite would
 * truncate AVG of an INTEGER to an INTEGER).
 */
public final class BasaltTypeSystem extends RelDataTypeSystemImpl {
  public static final BasaltTypeSystem INSTANCE = new BasaltTypeSystem();

  private static final int MAX_DECIMAL = 38;

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL : super.getMaxPrecision(typeName);
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL : super.getMaxScale(typeName);
  }

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory factory, RelDataType argumentType) {
    if (argumentType.getSqlTypeName() == SqlTypeName.DECIMAL) {
      return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DECIMAL,
          MAX_DECIMAL, argumentType.getScale()), argumentType.isNullable());
    }
    if (SqlTypeUtil.isExactNumeric(argumentType)) {
      return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.BIGINT),
          argumentType.isNullable());
    }
    return super.deriveSumType(factory, argumentType);
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory factory, RelDataType argumentType) {
    if (SqlTypeUtil.isExactNumeric(argumentType)) {
      return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE),
          argumentType.isNullable());
    }
    return super.deriveAvgAggType(factory, argumentType);
  }
}
