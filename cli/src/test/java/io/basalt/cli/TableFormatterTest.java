package io.basalt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableFormatterTest {
  @Test
  void alignsTextLeftNumbersRightAndShowsNull() {
    String table = new TableFormatter()
        .column("name", false).column("n", true).column("price", true)
        .row(Arrays.asList("alpha", "1", "12.50"))
        .row(Arrays.asList(null, "12345", null))
        .row(Arrays.asList("b", null, "0.01"))
        .render();
    assertEquals(String.join("\n",
        " name  |     n | price",
        "-------+-------+-------",
        " alpha |     1 | 12.50",
        " NULL  | 12345 |  NULL",
        " b     |  NULL |  0.01",
        ""), table);
  }

  @Test
  void cutsWideCellsAndEscapesControlCharacters() {
    String wide = "x".repeat(30);
    String table = new TableFormatter(10)
        .column("s", false).column("t", false)
        .row(List.of(wide, "a\tb\nc"))
        .row(List.of("ünïcødé", "é"))
        .render();
    assertEquals(String.join("\n",
        " s          | t",
        "------------+---------",
        " xxxxxxxxx… | a\\tb\\nc",
        " ünïcødé    | é",
        ""), table);
  }

  @Test
  void wideHeaderSetsTheWidth() {
    String table = new TableFormatter().column("a_long_column_name", true)
        .row(List.of("7")).render();
    assertEquals(String.join("\n",
        " a_long_column_name",
        "--------------------",
        "                  7",
        ""), table);
  }

  @Test
  void noRowsStillShowsTheHeader() {
    TableFormatter t = new TableFormatter().column("a", false).column("b", true);
    assertEquals(" a | b\n---+---\n", t.render());
    assertEquals(0, t.rowCount());
  }

  @Test
  void numbersHaveNoExponentForOrdinaryMagnitudes() {
    assertEquals("37569624.64", TableFormatter.formatNumber(new BigDecimal("37569624.64")));
    assertEquals("10000000000", TableFormatter.formatNumber(new BigDecimal("1E+10")));
    assertEquals("12345678.5", TableFormatter.formatNumber(12345678.5d));
    assertEquals("3", TableFormatter.formatNumber(3.0d));
    assertEquals("0", TableFormatter.formatNumber(0.0d));
    assertEquals("0.05", TableFormatter.formatNumber(0.05d));
    assertEquals("-0.1", TableFormatter.formatNumber(-0.1d));
    assertEquals("1.0E20", TableFormatter.formatNumber(1e20d));
    assertEquals("1.5E-9", TableFormatter.formatNumber(1.5e-9d));
    assertEquals("NaN", TableFormatter.formatNumber(Double.NaN));
    assertEquals("0.1", TableFormatter.formatNumber(0.1f));
    assertEquals("42", TableFormatter.formatNumber(42L));
  }

  @Test
  void rowMustMatchColumns() {
    TableFormatter t = new TableFormatter().column("a", false);
    assertThrows(IllegalArgumentException.class, () -> t.row(List.of("1", "2")));
  }
}
