package io.basalt.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import sqlline.SqlLine;

/**
 * {@code basalt shell}: sqlline connected with Basalt's driver (or, with {@code --url
 * jdbc:avatica:remote:...}, to a {@code basalt serve} server), its history kept in {@code
 * ~/.basalt/history}. sqlline brings tab completion of keywords, tables and columns, aligned
 * tables and the time of each statement; Basalt adds a progress line for statements running
 * longer than a second ({@link QueryProgress}); Ctrl-C cancels the running statement, on the
 * server too.
 */
final class ShellCommand {
  static final String DRIVER = "io.basalt.jdbc.BasaltDriver";

  private ShellCommand() {}

  static int run(CliArgs args, CliContext ctx) throws UsageException, IOException {
    List<String> sqlline = sqllineArguments(args, ctx);
    // Not SqlLine.start: it calls System.exit.
    SqlLine shell = new SqlLine();
    if (!ctx.systemStreams()) {
      shell.setOutputStream(ctx.out());
      shell.setErrorStream(ctx.err());
    }
    Thread progress = ctx.systemStreams() && interactive()
        ? QueryProgress.start(shell, System.err) : null;
    try {
      SqlLine.Status status = shell.begin(sqlline.toArray(new String[0]),
          ctx.systemStreams() ? null : ctx.in(), true);
      return status == SqlLine.Status.OK ? 0 : 1;
    } finally {
      if (progress != null) {
        progress.interrupt();
      }
    }
  }

  /** sqlline's command line for {@code args}; generates the demo dataset if it is needed. */
  static List<String> sqllineArguments(CliArgs args, CliContext ctx)
      throws UsageException, IOException {
    Properties properties = CliContext.connectionProperties(args);
    String url = args.option("url").orElse(null);
    if (url == null) {
      url = "jdbc:basalt:" + ctx.dataFolder(args);
    }
    // sqlline passes no connection properties of its own: Basalt reads them from the URL too.
    StringBuilder full = new StringBuilder(url);
    for (Map.Entry<Object, Object> e : properties.entrySet()) {
      full.append(';').append(e.getKey()).append('=').append(e.getValue());
    }
    Path history = ctx.userHome().resolve(".basalt").resolve("history");
    Files.createDirectories(history.getParent());
    List<String> a = new ArrayList<>(List.of("-u", full.toString()));
    if (url.startsWith("jdbc:basalt:")) {
      a.addAll(List.of("-d", DRIVER));
    }
    if (url.startsWith("jdbc:basalt:") || url.startsWith("jdbc:avatica:remote:")) {
      // Basalt is read-only: without this sqlline asks for REPEATABLE_READ and prints a warning.
      a.add("--isolation=TRANSACTION_NONE");
    }
    a.addAll(List.of("-n", "", "-p", "", "--historyfile=" + history));
    if (!ctx.systemStreams() || !interactive()) {
      // Without a terminal sqlline's width is 0 and it prints empty tables.
      a.add("--maxWidth=" + PIPE_WIDTH);
    }
    return a;
  }

  static final int PIPE_WIDTH = 1000;

  /** Whether standard input and output are a terminal (Console.isTerminal on Java 22+). */
  private static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 17 to 21: a console exists only on a terminal
    }
  }
}
