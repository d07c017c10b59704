package io.basalt.engine.format.csv;

/**
 * Infers one column's type from sample values: each non-NULL value widens the column to the
 * narrowest type that holds every value seen so far. Numbers widen BOOLEAN-free: BIGINT → DECIMAL →
 * DOUBLE (DECIMAL while every value has at most 18 digits; its scale is the largest seen); dates
 * widen DATE → TIMESTAMP; anything else, or a mix of families, is VARCHAR. A column with no
 * non-NULL value in the sample is VARCHAR.
 */
final class CsvTypeInference {
  private final CsvValues values = new CsvValues();
  private final boolean[] bool = new boolean[1];
  private CsvType.Kind kind;
  private int integerDigits;
  private int scale;

  /** Widens the column by the value {@code [start, end)} of {@code b}. */
  void accept(byte[] b, int start, int end) {
    if (kind == CsvType.Kind.VARCHAR) {
      return;
    }
    CsvType.Kind valueKind = classify(b, start, end);
    kind = kind == null ? valueKind : widen(kind, valueKind);
  }

  /** The type of one value on its own (what it would make an empty column). */
  CsvType.Kind classify(byte[] b, int start, int end) {
    if (CsvValues.isBoolean(b, start, end, bool)) {
      return CsvType.Kind.BOOLEAN;
    }
    if (values.parseLong(b, start, end)) {
      integerDigits = Math.max(integerDigits, digitCount(values.longValue));
      return CsvType.Kind.BIGINT;
    }
    if (values.parseDecimal(b, start, end)) {
      integerDigits = Math.max(integerDigits, values.integerDigits);
      scale = Math.max(scale, values.scale);
      return CsvType.Kind.DECIMAL;
    }
    if (values.parseDouble(b, start, end)) {
      return CsvType.Kind.DOUBLE;
    }
    if (values.parseDate(b, start, end)) {
      return CsvType.Kind.DATE;
    }
    if (values.parseTimestamp(b, start, end)) {
      return CsvType.Kind.TIMESTAMP;
    }
    return CsvType.Kind.VARCHAR;
  }

  private static int digitCount(long v) {
    return v == 0 ? 0 : Long.toString(Math.abs(v == Long.MIN_VALUE ? Long.MAX_VALUE : v)).length();
  }

  private static CsvType.Kind widen(CsvType.Kind a, CsvType.Kind b) {
    if (a == b) {
      return a;
    }
    if (isNumber(a) && isNumber(b)) {
      return a.ordinal() > b.ordinal() ? a : b;
    }
    if (isTemporal(a) && isTemporal(b)) {
      return CsvType.Kind.TIMESTAMP;
    }
    return CsvType.Kind.VARCHAR;
  }

  private static boolean isNumber(CsvType.Kind k) {
    return k == CsvType.Kind.BIGINT || k == CsvType.Kind.DECIMAL || k == CsvType.Kind.DOUBLE;
  }

  private static boolean isTemporal(CsvType.Kind k) {
    return k == CsvType.Kind.DATE || k == CsvType.Kind.TIMESTAMP;
  }

  /** The inferred type; VARCHAR when nothing was seen. */
  CsvType result() {
    if (kind == null) {
      return CsvType.VARCHAR;
    }
    return switch (kind) {
      case BOOLEAN -> CsvType.BOOLEAN;
      case BIGINT -> CsvType.BIGINT;
      // Digits of BIGINT values count too: 12345678901234567 and 0.5 need DECIMAL(18, 1), which
      // does not exist, so such a column is DOUBLE.
      case DECIMAL -> integerDigits + scale <= CsvType.DECIMAL_PRECISION
          ? CsvType.decimal(scale) : CsvType.DOUBLE;
      case DOUBLE -> CsvType.DOUBLE;
      case DATE -> CsvType.DATE;
      case TIMESTAMP -> CsvType.TIMESTAMP;
      case VARCHAR -> CsvType.VARCHAR;
    };
  }
}
