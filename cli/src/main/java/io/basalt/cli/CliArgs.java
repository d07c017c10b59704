package io.basalt.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed command line: {@code basalt COMMAND [--option VALUE | --option=VALUE]... [ARG]...}.
 * Options may come before, between or after the arguments; {@code --} ends the options, and a
 * lone {@code -} is an argument (the query command reads its SQL from standard input then).
 */
final class CliArgs {
  /** The commands, with the options each accepts and how many arguments it takes. */
  enum Command {
    QUERY("query", "[--data DIR] [--threads N] [--memory-limit SIZE] [--spill-dir DIR]"
        + " [--max-temp-size SIZE] SQL",
        "run one SQL statement and print the result as a table (SQL '-' reads standard input)",
        1, 1, "data", "threads", "memory-limit", "spill-dir", "max-temp-size"),
    SHELL("shell", "[--data DIR | --url JDBC_URL] [--threads N] [--memory-limit SIZE]"
        + " [--spill-dir DIR] [--max-temp-size SIZE]",
        "interactive SQL shell (sqlline); history in ~/.basalt/history",
        0, 0, "data", "url", "threads", "memory-limit", "spill-dir", "max-temp-size"),
    SERVE("serve", "[--data DIR] [--port N] [--bind ADDR] (--users FILE | --no-auth)"
        + " [--tls-keystore FILE --tls-password-file FILE] [--read-only] [--allow-root DIR]"
        + " [--frame-size ROWS] [--max-connections N] [--idle-timeout SECONDS]"
        + " [--threads N] [--memory-limit SIZE] [--spill-dir DIR] [--max-temp-size SIZE]",
        "serve the data folder to JDBC clients over HTTP (Avatica protocol, protobuf)",
        0, 0, "data", "port", "bind", "users", "no-auth", "tls-keystore", "tls-password-file",
        "read-only", "allow-root", "frame-size", "max-connections", "idle-timeout", "threads",
        "memory-limit", "spill-dir", "max-temp-size"),
    HASH_PASSWORD("hash-password", "",
        "read a password from standard input and print its salted hash for a --users file",
        0, 0),
    GEN_TPCH("gen-tpch", "--sf SCALE --out DIR",
        "generate the eight TPC-H tables as Parquet files (SF 1 is about 1 GB of data)",
        0, 0, "sf", "out"),
    HELP("help", "", "print this help", 0, 0);

    final String name;
    final String synopsis;
    final String summary;
    final int minArgs;
    final int maxArgs;
    final List<String> options;

    Command(String name, String synopsis, String summary, int minArgs, int maxArgs,
        String... options) {
      this.name = name;
      this.synopsis = synopsis;
      this.summary = summary;
      this.minArgs = minArgs;
      this.maxArgs = maxArgs;
      this.options = List.of(options);
    }

    static Optional<Command> named(String name) {
      for (Command c : values()) {
        if (c.name.equals(name)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  /** Options that take no value: present means true. */
  static final java.util.Set<String> FLAGS = java.util.Set.of("no-auth", "read-only");

  private final Command command;
  private final Map<String, String> options;
  private final List<String> arguments;
  private final boolean help;

  private CliArgs(Command command, Map<String, String> options, List<String> arguments,
      boolean help) {
    this.command = command;
    this.options = Collections.unmodifiableMap(options);
    this.arguments = List.copyOf(arguments);
    this.help = help;
  }

  Command command() {
    return command;
  }

  /** Whether the flag {@code --name} was given. */
  boolean flag(String name) {
    return options.containsKey(name);
  }

  /** Whether {@code --help}/{@code -h} was given (or the command is {@code help}). */
  boolean help() {
    return help;
  }

  List<String> arguments() {
    return arguments;
  }

  Map<String, String> options() {
    return options;
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  String requiredOption(String name) throws UsageException {
    String value = options.get(name);
    if (value == null) {
      throw new UsageException(command.name + ": missing required option --" + name);
    }
    return value;
  }

  Optional<Path> pathOption(String name) throws UsageException {
    String value = options.get(name);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(value));
    } catch (InvalidPathException e) {
      throw new UsageException("invalid path for --" + name + ": " + value);
    }
  }

  Optional<Integer> positiveIntOption(String name) throws UsageException {
    String value = options.get(name);
    if (value == null) {
      return Optional.empty();
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return Optional.of(n);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--" + name + " expects a positive integer, got '" + value + "'");
  }

  double positiveDoubleOption(String name) throws UsageException {
    String value = requiredOption(name);
    try {
      double d = Double.parseDouble(value.trim());
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--" + name + " expects a positive number, got '" + value + "'");
  }

  /** Parses {@code args}; an empty command line is a usage error. */
  static CliArgs parse(String... args) throws UsageException {
    if (args.length == 0) {
      throw new UsageException("no command given");
    }
    String first = args[0];
    if (first.equals("--help") || first.equals("-h")) {
      return new CliArgs(Command.HELP, new LinkedHashMap<>(), List.of(), true);
    }
    Command command = Command.named(first)
        .orElseThrow(() -> new UsageException(first.startsWith("-")
            ? "expected a command before option " + first
            : "unknown command '" + first + "'"));
    Map<String, String> options = new LinkedHashMap<>();
    List<String> arguments = new ArrayList<>();
    boolean help = command == Command.HELP;
    boolean optionsEnded = false;
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (optionsEnded || arg.equals("-") || !arg.startsWith("-") || looksLikeSql(arg)) {
        arguments.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException(command.name + ": unknown option " + arg);
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!command.options.contains(name)) {
        throw new UsageException(command.name + ": unknown option --" + name);
      }
      if (FLAGS.contains(name)) {
        if (value != null) {
          throw new UsageException(command.name + ": option --" + name + " takes no value");
        }
        value = "true";
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException(command.name + ": option --" + name + " needs a value");
        }
        value = args[++i];
      }
      if (options.put(name, value) != null) {
        throw new UsageException(command.name + ": option --" + name + " given twice");
      }
    }
    if (!help) {
      if (arguments.size() < command.minArgs) {
        throw new UsageException(command.name + ": missing argument (usage: basalt "
            + command.name + " " + command.synopsis + ")");
      }
      if (arguments.size() > command.maxArgs) {
        throw new UsageException(command.name + ": unexpected argument '"
            + arguments.get(command.maxArgs) + "'"
            + (command == Command.QUERY ? " (quote the SQL as one argument)" : ""));
      }
      if (options.containsKey("data") && options.containsKey("url")) {
        throw new UsageException(command.name + ": give --data or --url, not both");
      }
    }
    return new CliArgs(command, options, arguments, help);
  }

  /** An SQL text starting with a comment ({@code -- ...}) is an argument, not an option. */
  private static boolean looksLikeSql(String arg) {
    int eq = arg.indexOf('=');
    String name = eq < 0 ? arg : arg.substring(0, eq);
    return name.chars().anyMatch(Character::isWhitespace);
  }

  /** The help text: commands, their options and the environment variables. */
  static String usage() {
    StringBuilder s = new StringBuilder();
    s.append("Usage: basalt COMMAND [OPTIONS]\n\n");
    s.append("SQL over folders of Parquet files (JDBC URL jdbc:basalt:/path/to/dir).\n\n");
    s.append("Commands:\n");
    for (Command c : Command.values()) {
      s.append("  ").append(c.name);
      if (!c.synopsis.isEmpty()) {
        s.append(' ').append(c.synopsis);
      }
      s.append("\n      ").append(c.summary).append('\n');
    }
    // bin/basalt sends 'bench' to the benchmark module (io.basalt.bench.BenchMain), not here.
    s.append("  bench tpch|range|jmh [OPTIONS]\n");
    s.append("      Basalt timed against DuckDB, and microbenchmarks ('basalt bench --help')\n");
    s.append("\nOptions:\n");
    s.append("  --data DIR          folder of Parquet files to query; without it, query and shell\n");
    s.append("                      use a TPC-H SF 0.1 demo dataset generated on first use\n");
    s.append("  --url JDBC_URL      (shell) connect to this JDBC URL instead\n");
    s.append("  --threads N         worker threads (default: all cores)\n");
    s.append("  --memory-limit SIZE engine memory limit, e.g. 2GB or 50% (default 60% of max heap;\n");
    s.append("                      serve: per connection, default 25%)\n");
    s.append("  --spill-dir DIR     folder for temporary spill files\n");
    s.append("  --max-temp-size SIZE most spill data one query may hold, e.g. 20GB (default 90%\n");
    s.append("                      of the spill folder's free disk space)\n");
    s.append("  --port N            (serve) TCP port (default 8765)\n");
    s.append("  --bind ADDR         (serve) address to listen on (default 127.0.0.1)\n");
    s.append("  --users FILE        (serve) users allowed in: name:password lines (or the\n");
    s.append("                      salted hash from hash-password); required unless --no-auth\n");
    s.append("  --no-auth           (serve) no authentication; loopback addresses only\n");
    s.append("  --tls-keystore FILE, --tls-password-file FILE\n");
    s.append("                      (serve) serve HTTPS with this keystore and its password\n");
    s.append("  --read-only         (serve) refuse statements that write (COPY, CREATE TABLE AS)\n");
    s.append("  --allow-root DIR    (serve) another folder read_parquet may read (comma-separated)\n");
    s.append("  --frame-size ROWS   (serve) most rows per result frame (default 10000)\n");
    s.append("  --max-connections N (serve) most open connections (default 64)\n");
    s.append("  --idle-timeout SECONDS (serve) idle connections close after this (default 1800)\n");
    s.append("  --sf SCALE          (gen-tpch) TPC-H scale factor, e.g. 0.1 or 1\n");
    s.append("  --out DIR           (gen-tpch) output folder\n");
    s.append("  -h, --help          print this help\n");
    s.append("\nEnvironment:\n");
    s.append("  BASALT_HOME         cache folder for the demo dataset (default ~/.cache/basalt)\n");
    s.append("  BASALT_JAVA_OPTS    JVM options for bin/basalt (default -Xmx4g)\n");
    s.append("\nExit status: 0 success, 1 error, 2 usage error.\n");
    s.append("\nExample:\n");
    s.append("  basalt query \"SELECT l_returnflag, count(*) FROM lineitem GROUP BY 1 ORDER BY 1\"\n");
    return s.toString();
  }
}
