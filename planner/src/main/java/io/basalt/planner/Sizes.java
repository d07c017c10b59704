package io.basalt.planner;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as users write them in settings: {@code 512MB}, {@code 1.5GB}, {@code 1024}, {@code 60%}. */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?I?B?|%)?",
      Pattern.CASE_INSENSITIVE);

  private Sizes() {}

  /**
   * Bytes from {@code text}; a percentage is of the JVM's maximum heap. At least 1MB.
   *
   * @throws IllegalArgumentException naming {@code key} and the expected form
   */
  public static long parse(String key, String text) {
    Matcher matcher = SIZE.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("invalid " + key + "=" + text
          + ": expected a size such as 512MB, 4GB or 60%");
    }
    double number = Double.parseDouble(matcher.group(1));
    String unit = matcher.group(2) == null ? "" : matcher.group(2).toUpperCase(Locale.ROOT);
    double bytes;
    if (unit.equals("%")) {
      if (number <= 0 || number > 100) {
        throw new IllegalArgumentException("invalid " + key + "=" + text
            + ": a percentage must be in (0, 100]");
      }
      bytes = Runtime.getRuntime().maxMemory() * number / 100;
    } else {
      long multiplier = switch (unit.isEmpty() ? ' ' : unit.charAt(0)) {
        case 'K' -> 1L << 10;
        case 'M' -> 1L << 20;
        case 'G' -> 1L << 30;
        case 'T' -> 1L << 40;
        default -> 1L;
      };
      bytes = number * multiplier;
    }
    if (bytes < (1 << 20) || bytes > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("invalid " + key + "=" + text + ": must be at least 1MB");
    }
    return (long) bytes;
  }

  /** As {@link #parse}, refusing percentages, which mean nothing for sizes other than memory. */
  public static long parseAbsolute(String key, String text) {
    if (text.trim().endsWith("%")) {
      throw new IllegalArgumentException("invalid " + key + "=" + text
          + ": expected a size such as 10GB (a percentage of the heap means nothing here)");
    }
    return parse(key, text);
  }
}
