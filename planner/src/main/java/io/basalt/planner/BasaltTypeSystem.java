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

  /**
   * Decimal division keeps at least {@value #MIN_DIVIDE_SCALE} fractional digits. Calcite's rule
   * (SQL Server's) sizes the integer part for the operands' full precision, which for the
   * DECIMAL(38, s) of a SUM leaves only 6 fractional digits: a ratio of sums (TPC-H Q8, Q14) would
   * lose digits that DuckDB (which divides in DOUBLE) and users keep. Trading theoretical integer
   * digits for fractional ones is safe: a quotient that does not fit raises an overflow error.
   */
  @Override
  public RelDataType deriveDecimalDivideType(RelDataTypeFactory factory, RelDataType type1,
      RelDataType type2) {
    RelDataType derived = super.deriveDecimalDivideType(factory, type1, type2);
    if (derived == null || derived.getSqlTypeName() != SqlTypeName.DECIMAL
        || derived.getScale() >= MIN_DIVIDE_SCALE) {
      return derived;
    }
    return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DECIMAL,
        MAX_DECIMAL, MIN_DIVIDE_SCALE), derived.isNullable());
  }

  /** Fractional digits every decimal quotient keeps at least. */
  static final int MIN_DIVIDE_SCALE = 12;

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory factory, RelDataType argumentType) {
    if (SqlTypeUtil.isExactNumeric(argumentType)) {
      return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE),
          argumentType.isNullable());
    }
    return super.deriveAvgAggType(factory, argumentType);
  }
}
