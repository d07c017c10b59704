package io.basalt.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Basalt's command line: {@code basalt query|shell|serve|hash-password|gen-tpch|help}. {@link #run} holds the logic
 * and returns the exit status (0 success, 1 error, 2 usage error); only {@link #main} exits.
 */
public final class Main {
  public static final int OK = 0;
  public static final int ERROR = 1;
  public static final int USAGE = 2;

  private final CliContext ctx;

  private Main(CliContext ctx) {
    this.ctx = ctx;
  }

  /** A command line reading and printing through the given streams, for tests and embedding. */
  public Main(InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
      Path userHome) {
    this(new CliContext(in, out, err, env, userHome, false));
  }

  public static void main(String[] args) {
    // As BasaltDriver does: on Java 24+ Arrow's Netty allocator needs Netty's Unsafe access,
    // and gen-tpch allocates Arrow memory before any driver class loads.
    if (System.getProperty("io.netty.noUnsafe") == null) {
      System.setProperty("io.netty.noUnsafe", "false");
    }
    int status = new Main(CliContext.system()).run(args);
    System.out.flush();
    System.err.flush();
    System.exit(status);
  }

  /** Runs one command; never exits the JVM. */
  public int run(String... args) {
    CliArgs parsed;
    try {
      parsed = CliArgs.parse(args);
    } catch (UsageException e) {
      ctx.err().println("Error: " + e.getMessage());
      ctx.err().println();
      ctx.err().print(CliArgs.usage());
      return USAGE;
    }
    if (parsed.help()) {
      ctx.out().print(CliArgs.usage());
      return OK;
    }
    try {
      return switch (parsed.command()) {
        case QUERY -> QueryCommand.run(parsed, ctx);
        case SHELL -> ShellCommand.run(parsed, ctx);
        case SERVE -> ServeCommand.run(parsed, ctx);
        case HASH_PASSWORD -> HashPasswordCommand.run(ctx);
        case GEN_TPCH -> GenTpchCommand.run(parsed, ctx);
        case HELP -> {
          ctx.out().print(CliArgs.usage());
          yield OK;
        }
      };
    } catch (UsageException e) {
      ctx.err().println("Error: " + e.getMessage());
      ctx.err().println("Run 'basalt --help' for usage.");
      return USAGE;
    } catch (Exception | LinkageError | OutOfMemoryError | AssertionError e) {
      ctx.err().println("Error: " + describe(e));
      if (System.getenv("BASALT_DEBUG") != null) {
        e.printStackTrace(ctx.err());
      }
      return ERROR;
    } finally {
      ctx.out().flush();
      ctx.err().flush();
    }
  }

  /**
   * The messages of {@code e} and its causes joined by {@code ": "}, skipping a cause whose
   * message the text already contains (JDBC layers often repeat their cause's message).
   */
  static String describe(Throwable e) {
    List<String> parts = new ArrayList<>();
    StringBuilder seen = new StringBuilder();
    List<Throwable> visited = new ArrayList<>();
    for (Throwable t = e; t != null && !visited.contains(t); t = t.getCause()) {
      visited.add(t);
      String message = t.getMessage();
      if (message == null || message.isBlank()) {
        if (t == e || t.getCause() == null) {
          message = t.getClass().getSimpleName();
        } else {
          continue;
        }
      }
      // Calcite's parse errors list every token the parser would accept: a hundred lines.
      int expecting = message.indexOf("\nWas expecting");
      if (expecting >= 0) {
        message = message.substring(0, expecting);
      }
      message = message.strip();
      if (seen.indexOf(message) >= 0) {
        continue;
      }
      parts.add(message);
      seen.append(message).append('\n');
    }
    return String.join(": ", parts);
  }
}
