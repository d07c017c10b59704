package io.basalt.engine.format.csv;

import java.nio.charset.StandardCharsets;

/**
 * Allocation-free parsers for the text of CSV values, working on UTF-8 bytes. Each returns whether
 * the text is exactly a value of the type; the value itself goes to {@link #longValue} or {@link
 * #doubleValue} of the instance (one instance per thread). Accepted forms:
 *
 * <ul>
 *   <li>BOOLEAN: {@code true}, {@code false} in any letter case;
 *   <li>BIGINT: an optional sign and up to 19 digits within the range of a long;
 *   <li>DECIMAL: an optional sign, digits, and an optional fraction; at most 18 digits in all;
 *   <li>DOUBLE: anything {@link Double#parseDouble} accepts made of digits, sign, point and
 *       exponent, plus {@code inf}, {@code -inf}, {@code infinity}, {@code nan};
 *   <li>DATE: {@code YYYY-MM-DD};
 *   <li>TIMESTAMP: {@code YYYY-MM-DD HH:MM:SS} (or {@code T} between) with up to 6 fractional
 *       digits.
 * </ul>
 */
public final class CsvValues {
  /** The last BIGINT, unscaled DECIMAL, DATE (epoch day) or TIMESTAMP (epoch micros) parsed. */
  public long longValue;
  public double doubleValue;
  /** Digits before and after the point of the last {@link #parseDecimal}. */
  public int integerDigits;
  public int scale;

  public static boolean isBoolean(byte[] b, int start, int end, boolean[] out) {
    int len = end - start;
    if (len == 4 && lower(b[start]) == 't' && lower(b[start + 1]) == 'r' && lower(b[start + 2]) == 'u'
        && lower(b[start + 3]) == 'e') {
      out[0] = true;
      return true;
    }
    if (len == 5 && lower(b[start]) == 'f' && lower(b[start + 1]) == 'a' && lower(b[start + 2]) == 'l'
        && lower(b[start + 3]) == 's' && lower(b[start + 4]) == 'e') {
      out[0] = false;
      return true;
    }
    return false;
  }

  private static int lower(byte c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  public boolean parseLong(byte[] b, int start, int end) {
    int i = start;
    boolean negative = false;
    if (i < end && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    if (i == end || end - i > 19) {
      return false;
    }
    long v = 0;
    for (; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      // Accumulate negatively so that Long.MIN_VALUE parses.
      if (v < (Long.MIN_VALUE + d) / 10) {
        return false;
      }
      v = v * 10 - d;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        return false;
      }
      v = -v;
    }
    longValue = v;
    return true;
  }

  /** Parses a plain decimal; the unscaled value (at its own scale) goes to {@link #longValue}. */
  public boolean parseDecimal(byte[] b, int start, int end) {
    int i = start;
    boolean negative = false;
    if (i < end && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    long v = 0;
    int digits = 0;
    int intDigits = 0;
    int fraction = -1;
    boolean leading = true;
    for (; i < end; i++) {
      byte c = b[i];
      if (c == '.') {
        if (fraction >= 0) {
          return false;
        }
        fraction = 0;
        continue;
      }
      int d = c - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (fraction >= 0) {
        fraction++;
      } else if (!(leading && d == 0)) {
        intDigits++;
      }
      if (d != 0) {
        leading = false;
      }
      digits++;
      if (intDigits + Math.max(fraction, 0) > CsvType.DECIMAL_PRECISION) {
        return false;
      }
      v = v * 10 + d;
    }
    if (digits == 0) {
      return false;
    }
    longValue = negative ? -v : v;
    integerDigits = intDigits;
    scale = Math.max(fraction, 0);
    return true;
  }

  /**
   * Parses a decimal and rescales it to {@code targetScale}: false if it is not a decimal, has more
   * fractional digits than the scale allows (never rounded) or does not fit 18 digits.
   */
  public boolean parseDecimal(byte[] b, int start, int end, int targetScale) {
    if (!parseDecimal(b, start, end) || scale > targetScale
        || integerDigits + targetScale > CsvType.DECIMAL_PRECISION) {
      return false;
    }
    long v = longValue;
    for (int s = scale; s < targetScale; s++) {
      v *= 10;
    }
    longValue = v;
    return true;
  }

  public boolean parseDouble(byte[] b, int start, int end) {
    int len = end - start;
    if (len == 0 || len > 64) {
      return false;
    }
    boolean digit = false;
    for (int i = start; i < end; i++) {
      byte c = b[i];
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
        return parseSpecialDouble(b, start, end);
      }
    }
    if (!digit) {
      return false;
    }
    try {
      doubleValue = Double.parseDouble(new String(b, start, len, StandardCharsets.US_ASCII));
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private boolean parseSpecialDouble(byte[] b, int start, int end) {
    String s = new String(b, start, end - start, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
    switch (s) {
      case "inf", "+inf", "infinity", "+infinity" -> doubleValue = Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> doubleValue = Double.NEGATIVE_INFINITY;
      case "nan" -> doubleValue = Double.NaN;
      default -> {
        return false;
      }
    }
    return true;
  }

  /** {@code YYYY-MM-DD}; the epoch day goes to {@link #longValue}. */
  public boolean parseDate(byte[] b, int start, int end) {
    if (end - start != 10 || b[start + 4] != '-' || b[start + 7] != '-') {
      return false;
    }
    int year = digits(b, start, 4);
    int month = digits(b, start + 5, 2);
    int day = digits(b, start + 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return false;
    }
    longValue = epochDay(year, month, day);
    return true;
  }

  /** {@code YYYY-MM-DD[ T]HH:MM:SS[.ffffff]}; epoch microseconds go to {@link #longValue}. */
  public boolean parseTimestamp(byte[] b, int start, int end) {
    int len = end - start;
    if (len < 19 || (b[start + 10] != ' ' && b[start + 10] != 'T')) {
      return false;
    }
    if (!parseDate(b, start, start + 10)) {
      return false;
    }
    long day = longValue;
    if (b[start + 13] != ':' || b[start + 16] != ':') {
      return false;
    }
    int hour = digits(b, start + 11, 2);
    int minute = digits(b, start + 14, 2);
    int second = digits(b, start + 17, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return false;
    }
    long micros = 0;
    if (len > 19) {
      int fractionDigits = len - 20;
      if (b[start + 19] != '.' || fractionDigits < 1 || fractionDigits > 6) {
        return false;
      }
      int f = digits(b, start + 20, fractionDigits);
      if (f < 0) {
        return false;
      }
      micros = f;
      for (int i = fractionDigits; i < 6; i++) {
        micros *= 10;
      }
    }
    longValue = ((day * 24 + hour) * 60 + minute) * 60_000_000L + second * 1_000_000L + micros;
    return true;
  }

  /** The value of {@code count} ASCII digits, or -1 if any is not a digit. */
  private static int digits(byte[] b, int start, int count) {
    int v = 0;
    for (int i = start; i < start + count; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  /** Whether {@code [start, end)} is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
  public static boolean isValidUtf8(byte[] b, int start, int end) {
    int i = start;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      int need;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + need >= end) {
        return false;
      }
      int cp = c & (0x3F >> need);
      for (int k = 1; k <= need; k++) {
        int cc = b[i + k] & 0xFF;
        if ((cc & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (cc & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += need + 1;
    }
    return true;
  }
}
