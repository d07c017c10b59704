package io.basalt.engine.format.csv;

import java.util.List;

/**
 * What the user said about a set of CSV files; every null means "sniff it". Build with {@link
 * #defaults()} and the {@code with...} methods.
 *
 * @param header whether the first line of each file names the columns; null to sniff
 * @param delimiter field separator; null to sniff among {@code , \t ; |}
 * @param quote quote character; null to sniff among {@code " '}; {@code '\0'} for none
 * @param escape character that escapes a quote inside a quoted value; null for the quote itself
 *     (RFC 4180 doubling)
 * @param nullString the unquoted text that means NULL (an empty unquoted field is always NULL)
 * @param columns names and types of the columns, in file order; null to infer them
 * @param sampleSize how many records of the first file type inference and sniffing read
 * @param ignoreErrors skip records that cannot be converted instead of failing, counting them
 */
public record CsvOptions(Boolean header, Character delimiter, Character quote, Character escape,
    String nullString, List<CsvColumn> columns, int sampleSize, boolean ignoreErrors) {
  public static final int DEFAULT_SAMPLE_SIZE = 20_480;

  public CsvOptions {
    if (sampleSize < 1) {
      throw new IllegalArgumentException("sample_size must be at least 1, got " + sampleSize);
    }
    if (delimiter != null && (delimiter == '\n' || delimiter == '\r')) {
      throw new IllegalArgumentException("delim cannot be a line break");
    }
    if (delimiter != null && quote != null && delimiter.equals(quote)) {
      throw new IllegalArgumentException("delim and quote cannot be the same character '" + delimiter + "'");
    }
    columns = columns == null ? null : List.copyOf(columns);
    nullString = nullString == null ? "" : nullString;
  }

  public static CsvOptions defaults() {
    return new CsvOptions(null, null, null, null, "", null, DEFAULT_SAMPLE_SIZE, false);
  }

  public CsvOptions withHeader(Boolean value) {
    return new CsvOptions(value, delimiter, quote, escape, nullString, columns, sampleSize, ignoreErrors);
  }

  public CsvOptions withDelimiter(Character value) {
    return new CsvOptions(header, value, quote, escape, nullString, columns, sampleSize, ignoreErrors);
  }

  public CsvOptions withQuote(Character value) {
    return new CsvOptions(header, delimiter, value, escape, nullString, columns, sampleSize, ignoreErrors);
  }

  public CsvOptions withEscape(Character value) {
    return new CsvOptions(header, delimiter, quote, value, nullString, columns, sampleSize, ignoreErrors);
  }

  public CsvOptions withNullString(String value) {
    return new CsvOptions(header, delimiter, quote, escape, value, columns, sampleSize, ignoreErrors);
  }

  public CsvOptions withColumns(List<CsvColumn> value) {
    return new CsvOptions(header, delimiter, quote, escape, nullString, value, sampleSize, ignoreErrors);
  }

  public CsvOptions withSampleSize(int value) {
    return new CsvOptions(header, delimiter, quote, escape, nullString, columns, value, ignoreErrors);
  }

  public CsvOptions withIgnoreErrors(boolean value) {
    return new CsvOptions(header, delimiter, quote, escape, nullString, columns, sampleSize, value);
  }

  /**
   * Parses a column list as written in SQL: {@code 'id BIGINT, name VARCHAR, price DECIMAL(18,2)'}.
   */
  public static List<CsvColumn> parseColumns(String text) {
    List<CsvColumn> out = new java.util.ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ',';
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        String part = text.substring(start, i).trim();
        start = i + 1;
        if (part.isEmpty()) {
          continue;
        }
        int space = part.indexOf(' ');
        if (space < 0) {
          throw new IllegalArgumentException("column '" + part + "' in columns => '" + text
              + "' has no type: write 'name TYPE, ...'");
        }
        String name = part.substring(0, space).trim();
        if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
          name = name.substring(1, name.length() - 1);
        }
        out.add(new CsvColumn(name, CsvType.parse(part.substring(space + 1))));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("columns => '" + text + "' names no column");
    }
    return out;
  }
}
