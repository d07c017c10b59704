package io.basalt.engine.exec;

/**
 * Counters of one table scan: how much of the dataset pushdown let it skip (files, row groups,
 * pages — total vs read), bytes read, and what it produced. Updated by the scan's thread; read
 * after the query ends.
 */
public final class ScanMetrics {
  long filesTotal;
  /** Partition folders of a lazily listed table, and those never listed (pruned by values). */
  long partitionsTotal;
  long partitionsSkipped;
  /** Row groups of the files opened (files skipped by partition values are never opened). */
  long filesRead;
  long rowGroupsTotal;
  long rowGroupsRead;
  long rowGroupsSkippedByStatistics;
  long rowGroupsSkippedByDictionary;
  long rowGroupsSkippedByBloomFilter;
  long rowGroupsSkippedByPageIndex;
  /** Data pages of the projected columns in the row groups read (known from page indexes). */
  long pagesTotal;
  long pagesRead;
  /** Row groups whose page count is unknown (no offset index): their pages are not in the total. */
  long rowGroupsWithoutPageIndex;
  long bytesRead;
  /** Rows dropped inside the scan by late materialization, before their other columns. */
  long rowsFilteredInScan;
  /** Runtime filters (hash join build keys) this execution's scan applied. */
  int runtimeFilters;
  long rowsOut;
  long batchesOut;
  long nanos;

  public long filesTotal() {
    return filesTotal;
  }

  public long partitionsTotal() {
    return partitionsTotal;
  }

  public long partitionsSkipped() {
    return partitionsSkipped;
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

  public long rowGroupsSkippedByStatistics() {
    return rowGroupsSkippedByStatistics;
  }

  public long rowGroupsSkippedByDictionary() {
    return rowGroupsSkippedByDictionary;
  }

  public long rowGroupsSkippedByBloomFilter() {
    return rowGroupsSkippedByBloomFilter;
  }

  public long rowGroupsSkippedByPageIndex() {
    return rowGroupsSkippedByPageIndex;
  }

  public long pagesTotal() {
    return pagesTotal;
  }

  public long pagesRead() {
    return pagesRead;
  }

  public long rowsFilteredInScan() {
    return rowsFilteredInScan;
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
    StringBuilder sb = new StringBuilder();
    sb.append("rows=").append(rowsOut).append(", batches=").append(batchesOut)
        .append(String.format(java.util.Locale.ROOT, ", time=%.1f ms", nanos / 1e6))
        .append(partitionsTotal > 0 ? ", partitions=" + (partitionsTotal - partitionsSkipped)
            + " of " + partitionsTotal : "")
        .append(", files=").append(filesRead).append(" of ").append(filesTotal)
        .append(", row groups=").append(rowGroupsRead).append(" of ").append(rowGroupsTotal);
    long skipped = rowGroupsSkippedByStatistics + rowGroupsSkippedByDictionary
        + rowGroupsSkippedByBloomFilter + rowGroupsSkippedByPageIndex;
    if (skipped > 0) {
      sb.append(" (skipped by statistics=").append(rowGroupsSkippedByStatistics)
          .append(", dictionary=").append(rowGroupsSkippedByDictionary)
          .append(", bloom filter=").append(rowGroupsSkippedByBloomFilter)
          .append(", page index=").append(rowGroupsSkippedByPageIndex).append(')');
    }
    sb.append(", pages=").append(pagesRead).append(" of ").append(pagesTotal);
    if (rowGroupsWithoutPageIndex > 0) {
      sb.append(" (+ pages of ").append(rowGroupsWithoutPageIndex)
          .append(" row groups without page index)");
    }
    if (runtimeFilters > 0) {
      sb.append(", runtime filters=").append(runtimeFilters);
    }
    if (rowsFilteredInScan > 0) {
      sb.append(", rows filtered in scan=").append(rowsFilteredInScan);
    }
    return sb.append(", bytes read=").append(bytesRead).toString();
  }
}
