package io.basalt.cli.tpch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The 22 TPC-H queries as written in the specification, with the validation substitution
 * parameters and the LIMIT the specification asks for on top-N queries. Q15 uses the
 * specification's view as a common table expression, which every engine we compare with accepts.
 */
public final class TpchQueries {
  public static final int COUNT = 22;

  private TpchQueries() {}

  /** The text of query {@code number} (1 to 22), without a trailing semicolon. */
  public static String text(int number) {
    if (number < 1 || number > COUNT) {
      throw new IllegalArgumentException("TPC-H has queries 1 to 22, not " + number);
    }
    String resource = String.format("queries/q%02d.sql", number);
    try (InputStream in = TpchQueries.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the query has an ORDER BY, so that row order is part of its answer. */
  public static boolean isOrdered(int number) {
    return text(number).toLowerCase(java.util.Locale.ROOT).contains("order by");
  }
}
