package io.basalt.engine.format.parquet.write;

import io.basalt.engine.format.parquet.index.SplitBlockBloomFilter;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnIndex;
import org.apache.parquet.format.OffsetIndex;

/**
 * A column chunk written to the file, with the structures that go after all row groups: its page
 * indexes and bloom filter, each null when not written. {@link FileIndexesWriter} writes those
 * and records their offsets in {@link #chunk()}.
 */
record WrittenChunk(
    ColumnChunk chunk,
    ColumnIndex columnIndex,
    OffsetIndex offsetIndex,
    SplitBlockBloomFilter bloomFilter) {}
