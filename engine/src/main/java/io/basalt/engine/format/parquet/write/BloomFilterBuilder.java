package io.basalt.engine.format.parquet.write;

import io.basalt.engine.format.parquet.index.SplitBlockBloomFilter;

/**
 * Builds the bloom filter of one column chunk. The filter's size depends on the chunk's number of
 * distinct values, which is only known at its end, so the distinct value hashes are collected
 * first (8 bytes each, at most one per row of the row group) and inserted when the chunk is done.
 */
final class BloomFilterBuilder {
  /** parquet-java's default cap: beyond 1 MiB a filter costs more I/O than it usually saves. */
  static final int MAX_BYTES = 1 << 20;

  private final double fpp;
  // LongDictionary is a set of longs here; the indices it hands out are not needed.
  private final LongDictionary hashes = new LongDictionary();

  BloomFilterBuilder(double fpp) {
    this.fpp = fpp;
  }

  /** Adds the XXH64 hash of one non-null value's PLAIN encoding. */
  void add(long hash) {
    if (hashes.indexOf(hash) < 0) {
      hashes.add(hash);
    }
  }

  /**
   * The filter of the chunk so far. An all-null chunk gets an empty one-block filter, which
   * correctly rules out every value.
   */
  SplitBlockBloomFilter build() {
    int distinct = hashes.size();
    SplitBlockBloomFilter filter =
        SplitBlockBloomFilter.empty(SplitBlockBloomFilter.optimalNumBytes(distinct, fpp, MAX_BYTES));
    for (int i = 0; i < distinct; i++) {
      filter.insert(hashes.get(i));
    }
    return filter;
  }

  void reset() {
    hashes.clear();
  }
}
