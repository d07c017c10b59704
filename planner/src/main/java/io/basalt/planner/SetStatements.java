package io.basalt.planner;

import io.basalt.planner.catalog.DataRootSchema;
import io.basalt.planner.offload.EngineSettings;
import java.util.Locale;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;

/**
 * {@code SET key = value} and {@code RESET key} on a Basalt connection: they change the
 * connection's {@link EngineSettings} ({@code engine}, {@code spark_master}, {@code spark_remote},
 * {@code spark_threshold}) for the statements that follow. Values are string literals ({@code SET
 * engine = 'spark'}), numbers or plain identifiers ({@code SET engine = spark}).
 */
final class SetStatements {
  private SetStatements() {}

  static void apply(CalcitePrepare.Context context, SqlSetOption option) {
    CalciteSchema root = context.getRootSchema();
    CalciteSchema basalt = root == null ? null : root.getSubSchema(DataRootSchema.NAME, true);
    if (basalt == null || !(basalt.schema instanceof DataRootSchema data)) {
      throw new IllegalStateException("SET needs a Basalt connection");
    }
    String key = option.getName().toString();
    SqlNode value = option.getValue();
    if (value == null) { // RESET key, RESET ALL
      if (key.equalsIgnoreCase("ALL")) {
        for (String k : new String[] {EngineSettings.ENGINE, EngineSettings.SPARK_MASTER,
            EngineSettings.SPARK_REMOTE, EngineSettings.SPARK_THRESHOLD}) {
          data.engineSettings().set(k, null, v -> 0);
        }
        return;
      }
      data.engineSettings().set(key, null, v -> 0);
      return;
    }
    data.engineSettings().set(key, text(key, value), v -> Sizes.parseAbsolute(key, v));
  }

  private static String text(String key, SqlNode value) {
    if (value instanceof SqlLiteral literal) {
      Object v = literal.getValue();
      if (v instanceof org.apache.calcite.util.NlsString nls) {
        return nls.getValue();
      }
      return literal.toValue();
    }
    if (value instanceof SqlIdentifier id && id.isSimple()) {
      return id.getSimple().toLowerCase(Locale.ROOT);
    }
    throw new IllegalArgumentException("invalid SET " + key + " = " + value
        + ": expected a string such as 'spark', a number or a name");
  }
}
