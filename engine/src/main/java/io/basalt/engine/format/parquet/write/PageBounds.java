package io.basalt.engine.format.parquet.write;

/**
 * The min and max of one data page's non-null values, PLAIN-encoded as in statistics. Binary
 * bounds may be truncated, but always still bound every value of the page.
 */
record PageBounds(byte[] min, byte[] max) {}
