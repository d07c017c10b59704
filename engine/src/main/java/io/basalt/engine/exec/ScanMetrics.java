package io.basalt.engine.exec;

/**
 * Counters of one table scan: how much of the dataset pushdown let it skip (files, row groups,
 * pages — total vs read), bytes read, and what it produced. Updated by the scan's thread; read
 * after the query ends.
 */
public final class ScanMetrics {
  long filesTotal;
  long filesRead;
  long rowGroupsTotal;
  long rowGroupsRead;
  /** Data pages of the projected columns in the row groups read (known from page indexes). */
  long pagesTotal;
  long pagesRead;
  /** Row groups whose page count is unknown (no offset index): their pages are not in the total. */
  long rowGroupsWithoutPageIndex;
  long bytesRead;
  long rowsOut;
  long batchesOut;
  long nanos;

  public long filesTotal() {
    return filesTotal;
  }

  public long filesRead() {
    return filesRead;
  }

  public long rowGroupsTotal() {
    return rowGroupsTotal;
  }

  public long rowGroupsRead() {
    return rowGroupsRead;
  }

  public long pagesTotal() {
    return pagesTotal;
  }

  public long pagesRead() {
    return pagesRead;
  }

  public long bytesRead() {
    return bytesRead;
  }

  public long rowsOut() {
    return rowsOut;
  }

  public long batchesOut() {
    return batchesOut;
  }

  public long nanos() {
    return nanos;
  }

  /** One line for EXPLAIN ANALYZE. */
  public String describe() {
    String pages = rowGroupsWithoutPageIndex == 0 ? pagesRead + " of " + pagesTotal
        : pagesRead + " of " + pagesTotal + "+ (" + rowGroupsWithoutPageIndex
            + " row groups without page index)";
    return "rows=" + rowsOut + ", batches=" + batchesOut + ", time=" + String.format(
        java.util.Locale.ROOT, "%.1f ms", nanos / 1e6) + ", files=" + filesRead + " of " + filesTotal
        + ", row groups=" + rowGroupsRead + " of " + rowGroupsTotal + ", pages=" + pages
        + ", bytes read=" + bytesRead;
  }
}
