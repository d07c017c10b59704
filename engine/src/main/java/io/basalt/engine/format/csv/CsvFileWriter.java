package io.basalt.engine.format.csv;

import io.airlift.compress.zstd.ZstdOutputStream;
import io.basalt.engine.write.BatchFileWriter;
import io.basalt.engine.write.WriteFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes Arrow batches as RFC 4180 CSV that {@link CsvScan} reads back to the same values: a
 * header line, comma-separated fields, {@code \n} line ends; NULL is an empty field and an empty
 * string is {@code ""}; values holding a comma, quote, line break or leading/trailing space are
 * quoted with doubled quotes. DATE is {@code YYYY-MM-DD}, TIMESTAMP {@code YYYY-MM-DD
 * HH:MM:SS[.ffffff]}, DECIMAL in plain notation. Optionally gzip- or zstd-compressed.
 */
public final class CsvFileWriter implements BatchFileWriter {
  private final Path file;
  private final OutputStream out;
  private final StringBuilder line = new StringBuilder();
  private boolean finished;

  public CsvFileWriter(Path file, Schema schema, WriteFormat.Compression compression) throws IOException {
    this.file = file;
    OutputStream raw = new BufferedOutputStream(
        Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
    try {
      this.out = switch (compression) {
        case GZIP -> new GZIPOutputStream(raw, 1 << 16);
        case ZSTD -> new ZstdOutputStream(raw);
        case NONE -> raw;
        case SNAPPY -> throw new IllegalArgumentException("CSV cannot be written with snappy");
      };
      List<Field> fields = schema.getFields();
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          line.append(',');
        }
        appendText(fields.get(i).getName());
      }
      flushLine();
    } catch (IOException | RuntimeException e) {
      raw.close();
      Files.deleteIfExists(file);
      throw e;
    }
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    List<FieldVector> vectors = batch.getFieldVectors();
    for (int row = 0; row < batch.getRowCount(); row++) {
      for (int c = 0; c < vectors.size(); c++) {
        if (c > 0) {
          line.append(',');
        }
        appendValue(vectors.get(c), row);
      }
      flushLine();
    }
  }

  private void flushLine() throws IOException {
    line.append('\n');
    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
    line.setLength(0);
  }

  private void appendValue(FieldVector v, int row) {
    if (v.isNull(row)) {
      return;
    }
    if (v instanceof VarCharVector s) {
      appendText(new String(s.get(row), StandardCharsets.UTF_8));
    } else if (v instanceof DateDayVector d) {
      line.append(LocalDate.ofEpochDay(d.get(row)));
    } else if (v instanceof DateMilliVector d) {
      line.append(LocalDate.ofEpochDay(Math.floorDiv(d.get(row), 86_400_000L)));
    } else if (v instanceof TimeStampVector t) {
      line.append(timestamp(t, row));
    } else {
      Object o = v.getObject(row);
      if (o instanceof BigDecimal d) {
        line.append(d.toPlainString());
      } else if (o instanceof Double || o instanceof Float || o instanceof Number || o instanceof Boolean) {
        line.append(o);
      } else {
        appendText(String.valueOf(o));
      }
    }
  }

  private static String timestamp(TimeStampVector t, int row) {
    TimeUnit unit = ((ArrowType.Timestamp) t.getField().getType()).getUnit();
    long value = t.get(row);
    long micros = switch (unit) {
      case SECOND -> value * 1_000_000L;
      case MILLISECOND -> value * 1_000L;
      case MICROSECOND -> value;
      case NANOSECOND -> Math.floorDiv(value, 1_000L);
    };
    LocalDateTime ts = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        (int) Math.floorMod(micros, 1_000_000L) * 1000, java.time.ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder().append(ts.toLocalDate()).append(' ');
    sb.append(String.format("%02d:%02d:%02d", ts.getHour(), ts.getMinute(), ts.getSecond()));
    int fraction = (int) Math.floorMod(micros, 1_000_000L);
    if (fraction != 0) {
      String f = String.format("%06d", fraction);
      sb.append('.').append(f.replaceAll("0+$", ""));
    }
    return sb.toString();
  }

  private void appendText(String s) {
    boolean quote = s.isEmpty() || s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ';
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      line.append(s);
      return;
    }
    line.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        line.append('"');
      }
      line.append(c);
    }
    line.append('"');
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      out.close();
    }
  }

  @Override
  public void abort() {
    finished = true;
    try {
      out.close();
    } catch (IOException e) {
      // The file is deleted next; what failed to flush does not matter.
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Inside the output's staging folder, which the caller deletes as a whole.
    }
  }
}
