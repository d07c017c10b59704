package io.basalt.planner.offload;

import java.sql.SQLException;

/**
 * An {@link SQLException} from routing a query to another engine, carried through Calcite's
 * preparation, which declares none; the driver reports its message, and the cause keeps the
 * original type ({@link java.sql.SQLFeatureNotSupportedException} for what cannot be translated).
 */
public final class OffloadException extends RuntimeException {
  public OffloadException(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
