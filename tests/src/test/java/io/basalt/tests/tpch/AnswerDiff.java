package io.basalt.tests.tpch;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares two {@link AnswerDump} outputs query by query (numbers within 1e-9 relative, everything
 * else exactly, row order as written) and prints each query's time on both sides with the ratio.
 * Exit status 1 if any answer differs. Usage: {@code AnswerDiff <basalt-dir> <duckdb-dir>}.
 */
public final class AnswerDiff {
  private AnswerDiff() {}

  public static void main(String[] args) throws Exception {
    Path a = Path.of(args[0]);
    Path b = Path.of(args[1]);
    List<String> ta = Files.readAllLines(a.resolve("times.tsv"));
    List<String> tb = Files.readAllLines(b.resolve("times.tsv"));
    boolean allEqual = true;
    System.out.println("query  basalt_ms  duckdb_ms  ratio  answer");
    double logSum = 0;
    int timed = 0;
    for (int q = 1; q <= 22; q++) {
      String name = String.format("q%02d.tsv", q);
      String verdict;
      if (!Files.exists(a.resolve(name)) || !Files.exists(b.resolve(name))) {
        verdict = "MISSING";
      } else {
        verdict = same(Files.readAllLines(a.resolve(name)), Files.readAllLines(b.resolve(name)));
      }
      allEqual &= verdict.equals("equal");
      String msA = time(ta, q);
      String msB = time(tb, q);
      String ratio = "-";
      if (msA.matches("\\d+") && msB.matches("\\d+")) {
        double r = Math.max(1, Long.parseLong(msA)) / (double) Math.max(1, Long.parseLong(msB));
        ratio = String.format(Locale.ROOT, "%.1f", r);
        logSum += Math.log(r);
        timed++;
      }
      System.out.printf(Locale.ROOT, "Q%02d  %9s  %9s  %5s  %s%n", q, msA, msB, ratio, verdict);
    }
    if (timed > 0) {
      System.out.printf(Locale.ROOT, "geometric mean ratio: %.2f%n", Math.exp(logSum / timed));
    }
    System.exit(allEqual ? 0 : 1);
  }

  private static String time(List<String> lines, int q) {
    for (String l : lines) {
      String[] p = l.split("\t");
      if (p[0].equals(String.valueOf(q))) {
        return p[1];
      }
    }
    return "-";
  }

  private static String same(List<String> x, List<String> y) {
    if (x.size() != y.size()) {
      return "DIFFERENT row count " + x.size() + " vs " + y.size();
    }
    for (int r = 0; r < x.size(); r++) {
      String[] u = x.get(r).split("\t", -1);
      String[] v = y.get(r).split("\t", -1);
      if (u.length != v.length) {
        return "DIFFERENT columns in row " + (r + 1);
      }
      for (int c = 0; c < u.length; c++) {
        if (!cellEquals(u[c], v[c])) {
          return "DIFFERENT row " + (r + 1) + " col " + (c + 1) + ": " + u[c] + " vs " + v[c];
        }
      }
    }
    return "equal";
  }

  private static boolean cellEquals(String s, String t) {
    if (s.equals(t)) {
      return true;
    }
    try {
      return Tolerance.equal(new BigDecimal(s), new BigDecimal(t));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
