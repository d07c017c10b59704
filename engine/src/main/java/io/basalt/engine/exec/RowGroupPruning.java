package io.basalt.engine.exec;

import io.basalt.engine.catalog.DatasetColumn;
import io.basalt.engine.catalog.ParquetDataset;
import io.basalt.engine.format.parquet.ChunkProbe;
import io.basalt.engine.format.parquet.PageIndex;
import io.basalt.engine.format.parquet.ParquetColumn;
import io.basalt.engine.format.parquet.ParquetException;
import io.basalt.engine.format.parquet.ParquetFileMetadata;
import io.basalt.engine.format.parquet.StatisticsValues;
import io.basalt.engine.format.parquet.index.ParquetBloomFilter;
import io.basalt.engine.pushdown.ColumnStatistics;
import io.basalt.engine.pushdown.CompareOp;
import io.basalt.engine.pushdown.Operand;
import io.basalt.engine.pushdown.RowRanges;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.engine.pushdown.StatisticsPruner;
import io.basalt.engine.pushdown.ValueDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * What a bound predicate lets a scan skip, cheapest test first: a file by its partition values
 * (before it is opened); a row group by its chunk statistics, then by the dictionaries of fully
 * dictionary-encoded chunks, then by bloom filters (equality and IN only); and pages by the column
 * index, as the row ranges left to read. Each skip is counted in the scan's metrics.
 */
final class RowGroupPruning {
  private final ParquetDataset dataset;
  private final ScanPredicate predicate;
  private final StatisticsPruner pruner;
  private final ScanMetrics metrics;
  private final PredicateRowFilter.FilterStats filterStats = new PredicateRowFilter.FilterStats();

  RowGroupPruning(ParquetDataset dataset, ScanPredicate boundPredicate, ScanMetrics metrics) {
    this.dataset = dataset;
    this.predicate = boundPredicate;
    this.metrics = metrics;
    List<ArrowType> types = new ArrayList<>();
    for (DatasetColumn c : dataset.columns()) {
      types.add(c.field() == null ? null : c.field().getType());
    }
    this.pruner = new StatisticsPruner(types);
  }

  /**
   * A late-materialization filter for a row group reader over {@code columns} (dataset column
   * indexes, in the reader's order) of {@code file}; null when no decoded column feeds the
   * predicate.
   */
  PredicateRowFilter rowFilter(ParquetDataset.DataFile file, int[] columns) {
    ColumnStatistics[] constants = new ColumnStatistics[dataset.columns().size()];
    for (int c : predicate.columns()) {
      constants[c] = constantStatistics(file, c, 1);
    }
    PredicateRowFilter filter = new PredicateRowFilter(pruner, predicate, columns, constants,
        filterStats);
    return filter.readsAnyColumn() ? filter : null;
  }

  /**
   * False when partition values alone (partition columns in dataset order) rule every row out;
   * decides which partition folders are listed at all.
   */
  boolean partitionMayMatch(List<Object> values) {
    return pruner.mayMatch(predicate, c -> {
      int ordinal = dataset.partitionOrdinal(c);
      return ordinal < 0 ? null : ColumnStatistics.constant(values.get(ordinal), 1);
    });
  }

  /** False when the file's partition values (or columns it lacks) rule every row out. */
  boolean fileMayMatch(ParquetDataset.DataFile file) {
    return pruner.mayMatch(predicate, c -> constantStatistics(file, c, 1));
  }

  /**
   * The rows of the row group to read: null for all of them, an empty set when the row group is
   * skipped.
   */
  RowRanges rowsToRead(ParquetDataset.DataFile file, int rowGroup) throws ParquetException {
    if (!pruner.mayMatch(predicate, c -> chunkStatistics(file, rowGroup, c))) {
      metrics.rowGroupsSkippedByStatistics++;
      return RowRanges.empty();
    }
    Map<Integer, List<Object>> dictionaries = new HashMap<>();
    if (!dictionaryMayMatch(predicate, file, rowGroup, dictionaries)) {
      metrics.rowGroupsSkippedByDictionary++;
      return RowRanges.empty();
    }
    if (!bloomMayMatch(predicate, file, rowGroup)) {
      metrics.rowGroupsSkippedByBloomFilter++;
      return RowRanges.empty();
    }
    RowRanges ranges = pageRanges(file, rowGroup, file.metadata().rowGroupRowCount(rowGroup));
    if (ranges != null && ranges.isEmpty()) {
      metrics.rowGroupsSkippedByPageIndex++;
    }
    return ranges;
  }

  /**
   * Whether some dictionary entry may satisfy each single-column subtree over a fully
   * dictionary-encoded chunk (the dictionary is then exactly the chunk's set of values).
   */
  private boolean dictionaryMayMatch(ScanPredicate node, ParquetDataset.DataFile file,
      int rowGroup, Map<Integer, List<Object>> dictionaries) throws ParquetException {
    if (node instanceof ScanPredicate.Unknown) {
      return true;
    }
    List<Integer> columns = node.columns();
    if (columns.size() == 1 && !(node instanceof ScanPredicate.IsNull)) {
      if (!worthADictionaryRead(node)) {
        return true;
      }
      int column = columns.get(0);
      if (!dictionaries.containsKey(column)) {
        ParquetColumn pc = fileColumn(file, column);
        dictionaries.put(column, pc == null ? null
            : ChunkProbe.dictionaryValues(file.metadata(), rowGroup, pc));
      }
      List<Object> values = dictionaries.get(column);
      if (values == null) {
        return true;
      }
      long rows = file.metadata().rowGroupRowCount(rowGroup);
      ColumnStatistics chunk = chunkStatistics(file, rowGroup, column);
      if (chunk != null && chunk.nullCount() != 0 && containsNullTest(node)) {
        return true; // IS NULL inside: the dictionary holds no NULLs
      }
      for (Object v : values) {
        if (v == null) {
          return true;
        }
        ColumnStatistics one = new ColumnStatistics(v, v, 0, rows);
        if (pruner.mayMatch(node, c -> c == column ? one : null)) {
          return true;
        }
      }
      return false;
    }
    if (node instanceof ScanPredicate.And and) {
      for (ScanPredicate t : and.terms()) {
        if (!dictionaryMayMatch(t, file, rowGroup, dictionaries)) {
          return false;
        }
      }
      return true;
    }
    if (node instanceof ScanPredicate.Or or) {
      for (ScanPredicate t : or.terms()) {
        if (dictionaryMayMatch(t, file, rowGroup, dictionaries)) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  /**
   * Whether reading a dictionary can rule out what min/max could not: equality-style tests (=,
   * <>, IN, NOT LIKE) and string ranges (LIKE prefixes, gaps between words). A numeric or date
   * range that min/max let through almost always has a dictionary value in it, so its dictionary
   * read would be wasted I/O on every execution.
   */
  private static boolean worthADictionaryRead(ScanPredicate node) {
    if (node instanceof ScanPredicate.And a) {
      return a.terms().stream().anyMatch(RowGroupPruning::worthADictionaryRead);
    }
    if (node instanceof ScanPredicate.Or o) {
      return o.terms().stream().anyMatch(RowGroupPruning::worthADictionaryRead);
    }
    if (node instanceof ScanPredicate.Compare c) {
      return c.op() == CompareOp.EQ || c.op() == CompareOp.NE || c.domain() == ValueDomain.STRING;
    }
    return node instanceof ScanPredicate.InList || node instanceof ScanPredicate.NotStartsWith;
  }

  private static boolean containsNullTest(ScanPredicate node) {
    if (node instanceof ScanPredicate.IsNull) {
      return true;
    }
    if (node instanceof ScanPredicate.And a) {
      return a.terms().stream().anyMatch(RowGroupPruning::containsNullTest);
    }
    if (node instanceof ScanPredicate.Or o) {
      return o.terms().stream().anyMatch(RowGroupPruning::containsNullTest);
    }
    return false;
  }

  /** Whether the bloom filters leave some value of every equality / IN on them possible. */
  private boolean bloomMayMatch(ScanPredicate node, ParquetDataset.DataFile file, int rowGroup)
      throws ParquetException {
    if (node instanceof ScanPredicate.And and) {
      for (ScanPredicate t : and.terms()) {
        if (!bloomMayMatch(t, file, rowGroup)) {
          return false;
        }
      }
      return true;
    }
    if (node instanceof ScanPredicate.Or or) {
      for (ScanPredicate t : or.terms()) {
        if (bloomMayMatch(t, file, rowGroup)) {
          return true;
        }
      }
      return false;
    }
    List<Operand> values;
    int column;
    ValueDomain domain;
    if (node instanceof ScanPredicate.Compare c && c.op() == CompareOp.EQ) {
      values = List.of(c.value());
      column = c.column();
      domain = c.domain();
    } else if (node instanceof ScanPredicate.InList in && !in.negated()) {
      values = in.values();
      column = in.column();
      domain = in.domain();
    } else {
      return true;
    }
    ParquetColumn pc = fileColumn(file, column);
    if (pc == null) {
      return true;
    }
    ParquetBloomFilter filter = null;
    boolean loaded = false;
    for (Operand v : values) {
      Object value = ((Operand.Literal) v).value();
      if (value == null) {
        continue; // = NULL matches nothing
      }
      long[] hashes = ChunkProbe.bloomHashes(pc, domain, value);
      if (hashes == null) {
        return true;
      }
      if (!loaded) {
        filter = ChunkProbe.bloomFilter(file.metadata(), rowGroup, pc);
        loaded = true;
        if (filter == null) {
          return true;
        }
      }
      for (long h : hashes) {
        if (filter.mightContain(h)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The file's own supported column for dataset column {@code column}, or null. */
  private ParquetColumn fileColumn(ParquetDataset.DataFile file, int column) {
    DatasetColumn c = dataset.columns().get(column);
    if (c.partition()) {
      return null;
    }
    ParquetColumn pc = file.metadata().column(c.name());
    return pc != null && pc.isSupported() ? pc : null;
  }

  /**
   * Statistics of columns constant over a file (partition columns; columns the file lacks, which
   * read as NULL); null for the file's own columns.
   */
  ColumnStatistics constantStatistics(ParquetDataset.DataFile file, int column,
      long rows) {
    DatasetColumn c = dataset.columns().get(column);
    if (c.partition()) {
      return ColumnStatistics.constant(
          file.partitionValues().get(dataset.partitionOrdinal(column)), rows);
    }
    return file.metadata().column(c.name()) == null ? ColumnStatistics.constant(null, rows) : null;
  }

  private ColumnStatistics chunkStatistics(ParquetDataset.DataFile file, int rowGroup,
      int column) {
    long rows = file.metadata().rowGroupRowCount(rowGroup);
    ColumnStatistics constant = constantStatistics(file, column, rows);
    if (constant != null) {
      return constant;
    }
    ParquetColumn pc = file.metadata().column(dataset.columns().get(column).name());
    return pc.isSupported() ? StatisticsValues.chunk(file.metadata(), pc, rowGroup) : null;
  }

  /** The rows of the row group that may match by page statistics; null when all may. */
  private RowRanges pageRanges(ParquetDataset.DataFile file, int rowGroup, long rows)
      throws ParquetException {
    ParquetFileMetadata meta = file.metadata();
    java.util.Map<Integer, List<StatisticsPruner.PageStatistics>> pages = new java.util.HashMap<>();
    boolean any = false;
    for (int column : predicate.columns()) {
      DatasetColumn c = dataset.columns().get(column);
      ParquetColumn pc = c.partition() ? null : meta.column(c.name());
      if (pc == null || !pc.isSupported()) {
        continue;
      }
      PageIndex index = meta.pageIndex(rowGroup, pc);
      if (index == null || index.columnIndex() == null) {
        continue;
      }
      List<ColumnStatistics> stats = StatisticsValues.pages(meta, pc, index.columnIndex(),
          index.firstRows(), rows);
      if (stats == null) {
        continue;
      }
      List<StatisticsPruner.PageStatistics> list = new ArrayList<>(stats.size());
      for (int p = 0; p < stats.size(); p++) {
        long first = index.firstRows()[p];
        long end = p + 1 < stats.size() ? index.firstRows()[p + 1] : rows;
        list.add(new StatisticsPruner.PageStatistics(first, end, stats.get(p)));
      }
      pages.put(column, list);
      any = true;
    }
    if (!any) {
      return null;
    }
    RowRanges ranges = pruner.matchingRows(predicate, pages::get,
        c -> constantStatistics(file, c, rows), rows);
    return ranges.equals(RowRanges.all(rows)) ? null : ranges;
  }

}
