package io.basalt.engine.memory;

import java.util.Locale;

/**
 * A query needed more memory than its memory_limit and the operator holding it could not spill
 * (or spilling did not free enough). The message names the operator, what it held and wanted, and
 * the limit, and says what the user can do.
 */
public final class MemoryLimitExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MemoryLimitExceededException(String consumer, long held, long wanted, long queryBytes,
      long limit) {
    super(String.format(Locale.ROOT,
        "query exceeded memory_limit of %s: %s holds %s and needed %s (the query held %s in all);"
            + " raise memory_limit, lower threads, or reduce the data this operator keeps",
        bytes(limit), consumer, bytes(held), bytes(wanted), bytes(queryBytes)));
  }

  /** Bytes as a short human figure: 1.5 MB, 256.0 MB, 3.2 GB. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " bytes";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
