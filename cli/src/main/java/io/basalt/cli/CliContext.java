package io.basalt.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * What a command runs against: its streams and environment, injected so that tests run commands
 * in-process and read what they print.
 *
 * @param in standard input
 * @param out standard output (results)
 * @param err standard error (notices and errors)
 * @param env environment variables ({@code BASALT_HOME})
 * @param userHome the user's home folder ({@code ~/.cache/basalt}, {@code ~/.basalt/history})
 * @param systemStreams whether the streams are the process's own (the shell needs a terminal)
 */
record CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
    Path userHome, boolean systemStreams) {

  static CliContext system() {
    return new CliContext(System.in, System.out, System.err, System.getenv(),
        Path.of(System.getProperty("user.home")), true);
  }

  /** The {@code --data} folder, or the demo dataset (generated on first use). */
  Path dataFolder(CliArgs args) throws UsageException, IOException {
    Path data = args.pathOption("data").orElse(null);
    if (data != null) {
      return data.toAbsolutePath().normalize();
    }
    return DemoDataset.ensure(DemoDataset.home(env, userHome), err);
  }

  /**
   * Basalt connection properties from {@code --threads}, {@code --memory-limit}, {@code
   * --spill-dir}, {@code --max-temp-size}.
   */
  static Properties connectionProperties(CliArgs args) throws UsageException {
    Properties p = new Properties();
    args.positiveIntOption("threads").ifPresent(n -> p.setProperty("threads", n.toString()));
    args.option("memory-limit").ifPresent(m -> p.setProperty("memory_limit", m));
    args.pathOption("spill-dir")
        .ifPresent(d -> p.setProperty("spill_dir", d.toAbsolutePath().normalize().toString()));
    args.option("max-temp-size").ifPresent(m -> p.setProperty("max_temp_size", m));
    return p;
  }
}
