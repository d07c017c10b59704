package io.basalt.tests.etl;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the ETL example's input: {@code files} CSV files {@code orders_<n>.csv} of about {@code
 * bytesPerFile} bytes each, deterministic (seeded per file), with a header line and the columns
 * {@code order_id, order_ts, region, product, status, quantity, amount} (amount has two decimals).
 *
 * <pre>java -cp tests/target/test-classes io.basalt.tests.etl.EtlDataGenerator DIR FILES BYTES_PER_FILE</pre>
 */
public final class EtlDataGenerator {
  static final String[] REGIONS = {"emea", "amer", "apac", "latam", "nordics", "dach", "benelux", "iberia"};
  static final String[] STATUSES = {"shipped", "shipped", "shipped", "returned", "pending"};
  private static final long START_SECONDS = 1_704_067_200L; // 2024-01-01T00:00:00Z

  private EtlDataGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: EtlDataGenerator DIR FILES BYTES_PER_FILE");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int files = Integer.parseInt(args[1]);
    long bytes = Long.parseLong(args[2]);
    long start = System.nanoTime();
    long rows = generate(dir, files, bytes);
    System.out.printf("wrote %d files, %d rows in %.1f s%n", files, rows, (System.nanoTime() - start) / 1e9);
  }

  /** Writes the files; returns the total number of rows. */
  public static long generate(Path dir, int files, long bytesPerFile) throws IOException {
    Files.createDirectories(dir);
    long rows = 0;
    for (int f = 0; f < files; f++) {
      rows += writeFile(dir.resolve(String.format("orders_%03d.csv", f)), f, bytesPerFile);
    }
    return rows;
  }

  private static long writeFile(Path file, int fileNumber, long bytesPerFile) throws IOException {
    SplittableRandom random = new SplittableRandom(42 + fileNumber);
    long rows = 0;
    long written = 0;
    StringBuilder line = new StringBuilder(128);
    try (BufferedWriter out = new BufferedWriter(
        new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 20)) {
      out.write("order_id,order_ts,region,product,status,quantity,amount\n");
      while (written < bytesPerFile) {
        line.setLength(0);
        long id = (long) fileNumber * 1_000_000_000L + rows;
        long seconds = START_SECONDS + random.nextLong(366L * 86_400);
        java.time.LocalDateTime ts = java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC);
        line.append(id).append(',').append(ts.toLocalDate()).append(' ');
        two(line, ts.getHour()).append(':');
        two(line, ts.getMinute()).append(':');
        two(line, ts.getSecond()).append(',');
        line.append(REGIONS[random.nextInt(REGIONS.length)]).append(',');
        line.append("product-").append(random.nextInt(5000)).append(',');
        line.append(STATUSES[random.nextInt(STATUSES.length)]).append(',');
        line.append(1 + random.nextInt(20)).append(',');
        long cents = 100 + random.nextLong(99_900);
        line.append(cents / 100).append('.');
        two(line, (int) (cents % 100)).append('\n');
        out.append(line);
        written += line.length();
        rows++;
      }
    }
    return rows;
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    if (v < 10) {
      sb.append('0');
    }
    return sb.append(v);
  }
}
