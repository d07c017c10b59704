package io.basalt.engine.format.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.exec.ExecContext;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV reader on generated files: sniffing, inference, the edge cases, and its errors. */
class CsvScanTest {
  @TempDir Path dir;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator(256L << 20);
  }

  @AfterEach
  void close() {
    allocator.close(); // throws if a batch leaked
  }

  private Path write(String name, String text) throws IOException {
    return writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private Path writeBytes(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private CsvDataset dataset(CsvOptions options, Path... files) throws IOException {
    return CsvDataset.open("t", List.of(files), options, new CsvRejects());
  }

  private List<List<Object>> read(CsvDataset d, int... projection) throws IOException {
    if (projection.length == 0) {
      projection = new int[d.columns().size()];
      for (int i = 0; i < projection.length; i++) {
        projection[i] = i;
      }
    }
    List<List<Object>> rows = new ArrayList<>();
    try (CsvScan scan = new CsvScan(d, projection, new ExecContext(allocator, 3, null), 2)) {
      VectorSchemaRoot next;
      while ((next = scan.next()) != null) {
        try (VectorSchemaRoot batch = next) {
          for (int r = 0; r < batch.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector v : batch.getFieldVectors()) {
              Object o = v.getObject(r);
              row.add(o instanceof Text t ? t.toString() : o);
            }
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }

  private String types(CsvDataset d) {
    return d.columns().stream().map(c -> c.name() + " " + c.type()).toList().toString();
  }

  @Test
  void infersEveryTypeAndTheHeader() throws IOException {
    Path f = write("a.csv", "b,i,d,x,day,ts,s\n"
        + "true,1,1.50,1e3,2024-01-31,2024-01-31 10:00:00,hello\n"
        + "FALSE,-42,-0.25,2.5,1999-12-31,2024-02-01T23:59:59.123456,\"a,b\"\n"
        + ",,,,,,\n");
    CsvDataset d = dataset(CsvOptions.defaults(), f);
    assertEquals("[b BOOLEAN, i BIGINT, d DECIMAL(18,2), x DOUBLE, day DATE, ts TIMESTAMP, s VARCHAR]", types(d));
    List<List<Object>> rows = read(d);
    assertEquals(3, rows.size());
    assertEquals(Arrays.asList(true, 1L, new BigDecimal("1.50"), 1000.0,
        (int) LocalDate.of(2024, 1, 31).toEpochDay(), LocalDateTime.of(2024, 1, 31, 10, 0), "hello"),
        fix(rows.get(0)));
    assertEquals(Arrays.asList(false, -42L, new BigDecimal("-0.25"), 2.5,
        (int) LocalDate.of(1999, 12, 31).toEpochDay(),
        LocalDateTime.of(2024, 2, 1, 23, 59, 59, 123_456_000), "a,b"), fix(rows.get(1)));
    assertEquals(Arrays.asList(null, null, null, null, null, null, null), rows.get(2));
  }

  /** DateDayVector.getObject gives LocalDate in some Arrow versions and Integer in others. */
  private static List<Object> fix(List<Object> row) {
    List<Object> out = new ArrayList<>();
    for (Object o : row) {
      out.add(o instanceof LocalDate ld ? (int) ld.toEpochDay() : o);
    }
    return out;
  }

  @Test
  void sniffsSemicolonsTabsAndSingleQuotes() throws IOException {
    CsvDataset semi = dataset(CsvOptions.defaults(), write("s.csv", "a;b\n1;x,y\n2;z\n"));
    assertEquals(";", String.valueOf((char) semi.schema().dialect().delimiter()));
    assertEquals(List.of(List.of(1L, "x,y"), List.of(2L, "z")), read(semi));
    CsvDataset tab = dataset(CsvOptions.defaults(), write("t.tsv", "a\tb\n1\t2\n"));
    assertEquals(List.of(List.of(1L, 2L)), read(tab));
    CsvDataset single = dataset(CsvOptions.defaults(), write("q.csv", "a,b\n'x,1',2\n'y,2',3\n"));
    assertEquals(List.of(List.of("x,1", 2L), List.of("y,2", 3L)), read(single));
  }

  @Test
  void noHeaderWhenTheFirstRecordFitsTheTypes() throws IOException {
    CsvDataset d = dataset(CsvOptions.defaults(), write("n.csv", "1,2\n3,4\n"));
    assertEquals("[column0 BIGINT, column1 BIGINT]", types(d));
    assertEquals(2, read(d).size());
  }

  @Test
  void bomCrlfEmbeddedNewlinesAndQuotes() throws IOException {
    byte[] body = "id,text\r\n1,\"line one\r\nline two\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"\"\r\n\r\n4,x"
        .getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    CsvDataset d = dataset(CsvOptions.defaults(), writeBytes("crlf.csv", withBom));
    assertEquals("[id BIGINT, text VARCHAR]", types(d));
    assertEquals(List.of(List.of(1L, "line one\r\nline two"), List.of(2L, "say \"hi\""),
        List.of(3L, ""), List.of(4L, "x")), read(d));
  }

  @Test
  void backslashEscape() throws IOException {
    CsvDataset d = dataset(CsvOptions.defaults().withEscape('\\'),
        write("e.csv", "a,b\n1,\"x \\\" y\"\n"));
    assertEquals(List.of(List.of(1L, "x \" y")), read(d));
  }

  @Test
  void raggedRowsNameFileAndLine() throws IOException {
    CsvDataset d = dataset(CsvOptions.defaults(), write("r.csv", "a,b\n1,2\n3\n4,5\n"));
    IOException e = assertThrows(IOException.class, () -> read(d));
    assertTrue(e.getMessage().contains("r.csv line 3: expected 2 fields, found 1"), e.getMessage());
  }

  @Test
  void unterminatedQuoteNamesTheLineItOpened() throws IOException {
    CsvDataset d = dataset(CsvOptions.defaults().withHeader(true).withColumns(
        CsvOptions.parseColumns("a BIGINT, b VARCHAR")), write("u.csv", "a,b\n1,x\n2,\"open\n3,y\n"));
    IOException e = assertThrows(IOException.class, () -> read(d));
    assertTrue(e.getMessage().contains("u.csv line 3: unterminated quoted value"), e.getMessage());
  }

  @Test
  void invalidUtf8IsAnErrorWithLineAndColumn() throws IOException {
    byte[] bytes = "a,b\n1,ok\n2,bad\n".getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 3] = (byte) 0xC3; // "b" -> lone lead byte followed by 'a'
    CsvDataset d = dataset(CsvOptions.defaults(), writeBytes("utf.csv", bytes));
    IOException e = assertThrows(IOException.class, () -> read(d));
    assertTrue(e.getMessage().contains("utf.csv line 3: column 2 (b)"), e.getMessage());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void typeMismatchPastTheSampleIsAnErrorOrARejectedLine() throws IOException {
    StringBuilder text = new StringBuilder("id,price\n");
    for (int i = 0; i < 100; i++) {
      text.append(i).append(',').append(i).append(".25\n");
    }
    text.append("100,1.125\n101,abc\n102,3.50\n");
    Path f = write("m.csv", text.toString());
    CsvDataset d = dataset(CsvOptions.defaults().withSampleSize(50), f);
    assertEquals("[id BIGINT, price DECIMAL(18,2)]", types(d));
    IOException e = assertThrows(IOException.class, () -> read(d));
    assertTrue(e.getMessage().contains("m.csv line 102: column 2 (price): '1.125' is not a DECIMAL(18,2)"),
        e.getMessage());

    CsvRejects rejects = new CsvRejects();
    CsvDataset lenient = CsvDataset.open("t", List.of(f),
        CsvOptions.defaults().withSampleSize(50).withIgnoreErrors(true), rejects);
    List<List<Object>> rows = read(lenient);
    assertEquals(101, rows.size());
    assertEquals(2, rejects.count());
    assertEquals(List.of(102L, 103L), rejects.list().stream().map(CsvRejects.Reject::line).toList());
    assertEquals("price", rejects.list().get(1).column());
  }

  @Test
  void emptyAndHeaderOnlyFiles() throws IOException {
    Path empty = write("empty.csv", "");
    IOException e = assertThrows(IOException.class, () -> dataset(CsvOptions.defaults(), empty));
    assertTrue(e.getMessage().contains("every file is empty"), e.getMessage());
    CsvDataset headerOnly = dataset(CsvOptions.defaults(), write("h.csv", "a,b,c\n"));
    assertEquals("[a VARCHAR, b VARCHAR, c VARCHAR]", types(headerOnly));
    assertEquals(List.of(), read(headerOnly));
    // An empty file next to others is zero rows.
    CsvDataset mixed = dataset(CsvOptions.defaults(), empty, write("m.csv", "a,b\n1,2\n"));
    assertEquals(List.of(List.of(1L, 2L)), read(mixed));
    CsvDataset declared = dataset(CsvOptions.defaults().withColumns(CsvOptions.parseColumns("x BIGINT")), empty);
    assertEquals(List.of(), read(declared));
  }

  @Test
  void manyFilesCompressedAndProjected() throws IOException {
    List<Path> files = new ArrayList<>();
    long expected = 0;
    for (int f = 0; f < 5; f++) {
      Path p = dir.resolve("part" + f + ".csv.gz");
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
        StringBuilder sb = new StringBuilder("k,v,s\n");
        for (int i = 0; i < 1000; i++) {
          sb.append(i % 7).append(',').append(f * 1000 + i).append(",str").append(i).append('\n');
          expected += f * 1000 + i;
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      }
      files.add(p);
    }
    CsvDataset d = dataset(CsvOptions.defaults(), files.toArray(new Path[0]));
    List<List<Object>> rows = read(d, 1);
    assertEquals(5000, rows.size());
    assertEquals(expected, rows.stream().mapToLong(r -> (Long) r.get(0)).sum());
    assertEquals(5000, countOnly(d));
  }

  private long countOnly(CsvDataset d) throws IOException {
    long rows = 0;
    try (CsvScan scan = new CsvScan(d, new int[0], new ExecContext(allocator, 100, null), 2)) {
      VectorSchemaRoot batch;
      while ((batch = scan.next()) != null) {
        rows += batch.getRowCount();
        batch.close();
      }
    }
    return rows;
  }

  @Test
  void closingEarlyStopsTheWorkersAndFreesTheBatches() throws IOException {
    StringBuilder sb = new StringBuilder("a\n");
    for (int i = 0; i < 10_000; i++) {
      sb.append(i).append('\n');
    }
    CsvDataset d = dataset(CsvOptions.defaults(), write("x.csv", sb.toString()), write("y.csv", sb.toString()));
    try (CsvScan scan = new CsvScan(d, new int[] {0}, new ExecContext(allocator, 10, null), 2)) {
      scan.next().close();
    }
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("basalt-csv") && t.isAlive()));
  }
}
