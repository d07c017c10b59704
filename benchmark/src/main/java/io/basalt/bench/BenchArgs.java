package io.basalt.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of a {@code basalt bench} command: {@code --name VALUE} or {@code --name=VALUE},
 * each checked against the names the command accepts and parsed into the type it needs.
 */
public final class BenchArgs {
  /** A bad command line; the message says which option and what is expected. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  private final String command;
  private final Map<String, String> options;

  private BenchArgs(String command, Map<String, String> options) {
    this.command = command;
    this.options = options;
  }

  /** Parses {@code args} (after the command word) allowing only {@code allowed} option names. */
  public static BenchArgs parse(String command, List<String> args, Set<String> allowed)
      throws UsageException {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException(command + ": unexpected argument '" + arg + "'");
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg.substring(2);
        if (i + 1 >= args.size()) {
          throw new UsageException(command + ": option --" + name + " needs a value");
        }
        value = args.get(++i);
      }
      if (!allowed.contains(name)) {
        throw new UsageException(command + ": unknown option --" + name
            + " (accepted: --" + String.join(", --", allowed.stream().sorted().toList()) + ")");
      }
      if (options.put(name, value) != null) {
        throw new UsageException(command + ": option --" + name + " given twice");
      }
    }
    return new BenchArgs(command, options);
  }

  public String string(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  public boolean has(String name) {
    return options.containsKey(name);
  }

  /** A positive scale factor; required. */
  public double scaleFactor() throws UsageException {
    String value = options.get("sf");
    if (value == null) {
      throw new UsageException(command + ": missing required option --sf (e.g. --sf 0.1)");
    }
    try {
      double sf = Double.parseDouble(value.trim());
      if (sf > 0 && !Double.isInfinite(sf)) {
        return sf;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(command + ": --sf must be a positive number, got '" + value + "'");
  }

  /** A positive integer option, or {@code fallback} when absent. */
  public int positiveInt(String name, int fallback) throws UsageException {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        command + ": --" + name + " must be a positive integer, got '" + value + "'");
  }

  /** A non-negative integer option, or {@code fallback} when absent. */
  public int nonNegativeInt(String name, int fallback) throws UsageException {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        command + ": --" + name + " must be 0 or a positive integer, got '" + value + "'");
  }

  /**
   * A comma-separated list of query numbers between 1 and {@code max} ({@code 1,6,14}), or 1 to
   * {@code max} when absent.
   */
  public List<Integer> queries(String name, int max) throws UsageException {
    String value = options.get(name);
    List<Integer> queries = new ArrayList<>();
    if (value == null) {
      for (int q = 1; q <= max; q++) {
        queries.add(q);
      }
      return queries;
    }
    for (String part : value.split(",", -1)) {
      String trimmed = part.trim();
      if (trimmed.toUpperCase(java.util.Locale.ROOT).startsWith("Q")) {
        trimmed = trimmed.substring(1);
      }
      try {
        int q = Integer.parseInt(trimmed);
        if (q >= 1 && q <= max) {
          if (!queries.contains(q)) {
            queries.add(q);
          }
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UsageException(command + ": --" + name + " takes query numbers from 1 to " + max
          + " separated by commas (e.g. 1,6,14), got '" + value + "'");
    }
    return queries;
  }
}
