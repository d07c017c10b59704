package io.basalt.engine.format.csv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Works out what the user left open in {@link CsvOptions}, from the start of the first non-empty
 * file:
 *
 * <ol>
 *   <li><b>Dialect</b>: every candidate delimiter ({@code , \t ; |}, tab first for {@code .tsv})
 *       and quote ({@code " '}) splits the first megabyte; the candidate under which the most
 *       records share the same field count (more than one) wins, the earlier candidate on a tie.
 *   <li><b>Types</b>: the first {@code sample_size} records after the first one are run through
 *       {@link CsvTypeInference}.
 *   <li><b>Header</b>: the first record is a header when one of its values does not fit the type
 *       of its column inferred from the records below (e.g. {@code price} over numbers); when
 *       every column is VARCHAR, when its values are non-empty and distinct; a file with a single
 *       record is a header unless a value of it is a number, date or boolean.
 * </ol>
 *
 * Later files are assumed to share the first file's dialect and columns; a value that does not fit
 * is reported where it is read.
 */
public final class CsvSniffer {
  private static final int DIALECT_BYTES = 1 << 20;
  private static final int DIALECT_RECORDS = 1000;
  private static final char[] DELIMITERS = {',', '\t', ';', '|'};
  private static final char[] QUOTES = {'"', '\''};

  private CsvSniffer() {}

  /** Sniffs {@code files} (in order, skipping empty ones) under {@code options}. */
  public static CsvSchema sniff(List<Path> files, CsvOptions options) throws IOException {
    for (Path file : files) {
      byte[] head = readHead(file);
      if (head.length == 0) {
        continue;
      }
      return sniffFile(file, head, options);
    }
    if (options.columns() != null) {
      char delimiter = options.delimiter() != null ? options.delimiter()
          : (!files.isEmpty() && CsvFiles.isTsv(files.get(0)) ? '\t' : ',');
      char quote = options.quote() != null ? options.quote() : '"';
      char escape = options.escape() != null ? options.escape() : quote;
      boolean header = options.header() != null && options.header();
      return new CsvSchema(CsvDialect.of(delimiter, quote, escape, header), options.columns(), 100);
    }
    throw new CsvException(files.isEmpty() ? Path.of(".") : files.get(0), 0,
        "every file is empty (" + files.size() + " file(s)), so there are no columns to infer; "
            + "give them with columns => 'name TYPE, ...'");
  }

  private static byte[] readHead(Path file) throws IOException {
    try (InputStream in = CsvFiles.open(file)) {
      return in.readNBytes(DIALECT_BYTES);
    }
  }

  private static CsvSchema sniffFile(Path file, byte[] head, CsvOptions options) throws IOException {
    boolean truncated = head.length == DIALECT_BYTES;
    CsvDialect dialect = sniffDialect(file, head, truncated, options);
    // The sample: the first record kept aside, the others inferred as data.
    int columnCount = -1;
    List<String> first = null;
    List<Boolean> firstNull = new ArrayList<>();
    List<CsvTypeInference> inference = new ArrayList<>();
    List<CsvTypeInference> firstOnly = new ArrayList<>();
    byte[] nullString = options.nullString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long bytes = 0;
    int records = 0;
    CsvRecord record = new CsvRecord();
    try (InputStream in = CsvFiles.open(file)) {
      CountingInputStream counting = new CountingInputStream(in);
      CsvRecordReader reader = new CsvRecordReader(counting, file, dialect, 1 << 16);
      while (records <= options.sampleSize() && reader.next(record)) {
        if (record.malformed() != null) {
          break;
        }
        if (records == 0) {
          columnCount = options.columns() != null ? options.columns().size() : record.fieldCount();
          first = new ArrayList<>();
          for (int i = 0; i < columnCount; i++) {
            inference.add(new CsvTypeInference());
            CsvTypeInference single = new CsvTypeInference();
            boolean isNull = i >= record.fieldCount() || record.isNull(i, nullString);
            first.add(i < record.fieldCount() ? record.text(i) : "");
            firstNull.add(isNull);
            if (!isNull) {
              single.accept(record.data(), record.start(i), record.end(i));
            }
            firstOnly.add(single);
          }
        } else if (record.fieldCount() == columnCount) {
          for (int i = 0; i < columnCount; i++) {
            if (!record.isNull(i, nullString)) {
              inference.get(i).accept(record.data(), record.start(i), record.end(i));
            }
          }
        }
        records++;
      }
      bytes = counting.count;
    }
    if (records == 0) {
      throw new CsvException(file, 0, "no records in the first megabyte");
    }
    List<CsvType> types = new ArrayList<>();
    for (int i = 0; i < columnCount; i++) {
      types.add(options.columns() != null ? options.columns().get(i).type() : inference.get(i).result());
    }
    boolean header = options.header() != null
        ? options.header()
        : detectHeader(first, firstNull, types, firstOnly, records == 1, options.columns() != null);
    if (!header && options.columns() == null) {
      // The first record is data: let it widen the types too.
      types.clear();
      for (int i = 0; i < columnCount; i++) {
        CsvTypeInference merged = inference.get(i);
        if (!firstNull.get(i)) {
          byte[] v = first.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
          merged.accept(v, 0, v.length);
        }
        types.add(merged.result());
      }
    }
    List<CsvColumn> columns = new ArrayList<>();
    if (options.columns() != null) {
      columns.addAll(options.columns());
    } else {
      Set<String> used = new HashSet<>();
      for (int i = 0; i < columnCount; i++) {
        String name = header ? first.get(i).trim() : "column" + i;
        if (name.isEmpty()) {
          name = "column" + i;
        }
        String unique = name;
        for (int k = 1; !used.add(unique.toLowerCase(Locale.ROOT)); k++) {
          unique = name + "_" + k;
        }
        columns.add(new CsvColumn(unique, types.get(i)));
      }
    }
    CsvDialect withHeader = new CsvDialect(dialect.delimiter(), dialect.quote(), dialect.escape(), header);
    return new CsvSchema(withHeader, columns, Math.max(1.0, (double) bytes / records));
  }

  private static boolean detectHeader(List<String> first, List<Boolean> firstNull, List<CsvType> types,
      List<CsvTypeInference> firstOnly, boolean onlyRecord, boolean declared) {
    if (onlyRecord && !declared) {
      for (CsvTypeInference single : firstOnly) {
        if (single.result().kind() != CsvType.Kind.VARCHAR) {
          return false;
        }
      }
      return true;
    }
    boolean allVarchar = true;
    CsvValues values = new CsvValues();
    for (int i = 0; i < types.size(); i++) {
      CsvType type = types.get(i);
      if (type.kind() == CsvType.Kind.VARCHAR) {
        continue;
      }
      allVarchar = false;
      if (!firstNull.get(i)) {
        byte[] v = first.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!CsvColumnWriter.fits(type, v, 0, v.length, values)) {
          return true;
        }
      }
    }
    if (!allVarchar) {
      return false;
    }
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < first.size(); i++) {
      if (firstNull.get(i) || !distinct.add(first.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static CsvDialect sniffDialect(Path file, byte[] head, boolean truncated, CsvOptions options)
      throws IOException {
    char[] delimiters = options.delimiter() != null ? new char[] {options.delimiter()}
        : CsvFiles.isTsv(file) ? new char[] {'\t', ',', ';', '|'} : DELIMITERS;
    char[] quotes = options.quote() != null ? new char[] {options.quote()} : QUOTES;
    CsvDialect best = null;
    long bestScore = -1;
    for (char quote : quotes) {
      if (quote != quotes[0] && !contains(head, (byte) quote)) {
        // A quote that never occurs proves nothing; it would only win where the first candidate
        // found a real problem (such as an unterminated quote) that must be reported instead.
        continue;
      }
      for (char delimiter : delimiters) {
        char escape = options.escape() != null ? options.escape() : quote;
        CsvDialect candidate = CsvDialect.of(delimiter, quote, escape, false);
        long score = score(file, head, truncated, candidate);
        if (score > bestScore) {
          best = candidate;
          bestScore = score;
        }
      }
    }
    return best;
  }

  private static boolean contains(byte[] bytes, byte b) {
    for (byte x : bytes) {
      if (x == b) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records sharing the most common field count, times 1000 plus that field count; zero when the
   * most common count is one field (the delimiter does not occur).
   */
  private static long score(Path file, byte[] head, boolean truncated, CsvDialect dialect) throws IOException {
    CsvRecordReader reader = new CsvRecordReader(new ByteArrayInputStream(head), file, dialect, 1 << 16);
    CsvRecord record = new CsvRecord();
    List<Integer> counts = new ArrayList<>();
    while (counts.size() <= DIALECT_RECORDS && reader.next(record)) {
      counts.add(record.malformed() != null ? -1 : record.fieldCount());
    }
    if (truncated && !counts.isEmpty()) {
      counts.remove(counts.size() - 1);
    }
    Map<Integer, Integer> frequency = new HashMap<>();
    for (int c : counts) {
      frequency.merge(c, 1, Integer::sum);
    }
    int modeCount = 0;
    int mode = 0;
    for (Map.Entry<Integer, Integer> e : frequency.entrySet()) {
      if (e.getKey() > 0 && (e.getValue() > modeCount || (e.getValue() == modeCount && e.getKey() > mode))) {
        mode = e.getKey();
        modeCount = e.getValue();
      }
    }
    if (mode <= 1) {
      return 0;
    }
    return (long) modeCount * 1000 + Math.min(mode, 999);
  }

  /** Counts bytes read, for the bytes-per-record estimate. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
