package io.basalt.bench;

import java.util.ArrayList;
import java.util.List;

/** A small table of strings printed three ways: aligned text, Markdown, CSV. */
public final class ResultTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public ResultTable(List<String> header) {
    this.header = List.copyOf(header);
  }

  public void add(List<String> row) {
    if (row.size() != header.size()) {
      throw new IllegalArgumentException(
          "row has " + row.size() + " cells, the header " + header.size());
    }
    rows.add(List.copyOf(row));
  }

  /** Columns padded to their widest cell; the first and last left-aligned, the rest right-aligned. */
  public String text() {
    int[] widths = new int[header.size()];
    for (List<String> row : all()) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder s = new StringBuilder();
    for (List<String> row : all()) {
      for (int c = 0; c < row.size(); c++) {
        if (c > 0) {
          s.append("  ");
        }
        String cell = row.get(c);
        boolean left = c == 0 || c == row.size() - 1;
        String pad = " ".repeat(widths[c] - cell.length());
        s.append(left ? cell + (c == row.size() - 1 ? "" : pad) : pad + cell);
      }
      s.append('\n');
    }
    return s.toString();
  }

  public String markdown() {
    StringBuilder s = new StringBuilder();
    s.append(markdownRow(header));
    List<String> rule = new ArrayList<>();
    for (int c = 0; c < header.size(); c++) {
      rule.add(c == 0 || c == header.size() - 1 ? "---" : "---:");
    }
    s.append(markdownRow(rule));
    for (List<String> row : rows) {
      s.append(markdownRow(row));
    }
    return s.toString();
  }

  public String csv() {
    StringBuilder s = new StringBuilder();
    for (List<String> row : all()) {
      List<String> quoted = new ArrayList<>();
      for (String cell : row) {
        quoted.add(cell.chars().anyMatch(ch -> ch == '"' || ch == ',' || ch == '\n' || ch == '\r')
            ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
      }
      s.append(String.join(",", quoted)).append('\n');
    }
    return s.toString();
  }

  private List<List<String>> all() {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return all;
  }

  private static String markdownRow(List<String> row) {
    List<String> cells = new ArrayList<>();
    for (String cell : row) {
      cells.add(cell.replace("|", "\\|").replace('\n', ' '));
    }
    return "| " + String.join(" | ", cells) + " |\n";
  }
}
