package io.basalt.tests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.cli.tpch.TpchParquetGenerator;
import io.basalt.cli.tpch.TpchQueries;
import io.basalt.tests.ResultComparison;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server under load: {@value #CLIENTS} concurrent clients (one connection each, in this JVM)
 * run TPC-H queries at SF 0.1 against {@code basalt serve} (its own JVM, loopback only) for
 * {@value #SECONDS} s. Every answer must equal DuckDB's, no request may fail, and the server's
 * memory must stay bounded: engine memory back to zero at the end and the peak resident set
 * within the heap limit plus a fixed allowance. Prints queries/s, p50/p99 latency and the peak
 * server RSS. Runs with {@code mvn -Pslow verify} (tag "slow").
 */
@Tag("slow")
class ServerLoadTest {
  static final int CLIENTS = 16;
  static final int SECONDS = 60;
  /** Queries that take well under a few seconds at SF 0.1 on Basalt's current executor. */
  static final int[] QUERIES = {1, 3, 4, 5, 6, 10, 12, 14, 19};
  private static final String SERVER_HEAP = "2g";
  private static final long RSS_BOUND = (2L << 30) + (1L << 30);

  @TempDir
  Path data;

  @Test
  void sixteenClientsForAMinute() throws Exception {
    TpchParquetGenerator.generate(0.1, data);
    Map<Integer, List<List<Object>>> expected = duckDbAnswers();
    try (ServerProcess server = ServerProcess.start(data, SERVER_HEAP, "--no-auth",
        "--threads", "1", "--memory-limit", "96MB", "--max-connections", "32")) {
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      AtomicLong peakAllocated = new AtomicLong();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> running = new ArrayList<>();
      long started = System.nanoTime();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        running.add(clients.submit(() -> runClient(server, client, deadline, expected,
            latencies, failures)));
      }
      while (System.nanoTime() < deadline) {
        Thread.sleep(1000);
        peakAllocated.accumulateAndGet(server.status(null, null).get("allocatedBytes"), Math::max);
      }
      for (Future<?> f : running) {
        f.get(10, TimeUnit.MINUTES); // a query started before the deadline finishes
      }
      clients.shutdown();
      double elapsed = (System.nanoTime() - started) / 1e9;
      Map<String, Long> status = server.status(null, null);
      long peakRss = server.peakRssBytes();

      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      System.out.printf(Locale.ROOT, "server load test: %d clients, %.0f s, %d queries, %.2f"
              + " queries/s, p50 %.0f ms, p99 %.0f ms, peak server RSS %.0f MB (heap -Xmx%s),"
              + " peak engine memory %.1f MB, %d failures%n",
          CLIENTS, elapsed, sorted.size(), sorted.size() / elapsed,
          percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, peakRss / 1048576.0,
          SERVER_HEAP, peakAllocated.get() / 1048576.0, failures.size());

      assertTrue(failures.isEmpty(), failures.size() + " failures, first: " + failures.peek());
      assertTrue(sorted.size() >= CLIENTS, "every client finished at least one query");
      assertEquals(0L, status.get("allocatedBytes"), "engine memory after the run: " + status);
      assertEquals(0L, status.get("connections"), "every connection closed: " + status);
      assertTrue(peakRss < 0 || peakRss < RSS_BOUND, "peak server RSS " + peakRss + " bytes");
    }
  }

  private static void runClient(ServerProcess server, int client, long deadline,
      Map<Integer, List<List<Object>>> expected, ConcurrentLinkedQueue<Long> latencies,
      ConcurrentLinkedQueue<String> failures) {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(null, null))) {
      for (int i = client; System.nanoTime() < deadline; i++) {
        int q = QUERIES[i % QUERIES.length];
        long start = System.nanoTime();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TpchQueries.text(q))) {
          List<List<Object>> answer = ResultComparison.read(rs);
          latencies.add(System.nanoTime() - start);
          ResultComparison.assertSameAnswer("client " + client + " Q" + q, expected.get(q),
              answer, TpchQueries.isOrdered(q));
        } catch (Exception | AssertionError e) {
          failures.add("client " + client + " Q" + q + ": " + e);
        }
      }
    } catch (Exception e) {
      failures.add("client " + client + ": " + e);
    }
  }

  private Map<Integer, List<List<Object>>> duckDbAnswers() throws Exception {
    Map<Integer, List<List<Object>>> answers = new HashMap<>();
    try (Connection duck = io.basalt.tests.DuckDbViews.tpch(data);
        Statement s = duck.createStatement()) {
      for (int q : QUERIES) {
        try (ResultSet rs = s.executeQuery(TpchQueries.text(q).replace("day (3)", "day"))) {
          answers.put(q, ResultComparison.read(rs));
        }
      }
    }
    return answers;
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
