package io.basalt.bench.range;

/** The two queries of the pushdown benchmark: the same aggregation over one week and over all rows. */
public enum RangeQuery {
  ONE_WEEK("(a) one week", " WHERE l_shipdate BETWEEN DATE '1995-03-01' AND DATE '1995-03-07'"),
  WHOLE_TABLE("(b) whole table", "");

  private static final String AGGREGATION =
      "SELECT count(*), sum(l_extendedprice * (1 - l_discount)) FROM " + SortedLineitem.TABLE;

  private final String label;
  private final String where;

  RangeQuery(String label, String where) {
    this.label = label;
    this.where = where;
  }

  public String label() {
    return label;
  }

  public String sql() {
    return AGGREGATION + where;
  }
}
