package io.basalt.cli;

import io.basalt.server.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code basalt hash-password}: reads a password (without echo on a terminal, else the first line
 * of standard input) and prints its salted hash, to paste after {@code name:} in a users file.
 */
final class HashPasswordCommand {
  private HashPasswordCommand() {}

  static int run(CliContext ctx) throws IOException, UsageException {
    char[] password;
    Console console = ctx.systemStreams() ? System.console() : null;
    if (console != null) {
      password = console.readPassword("password: ");
    } else {
      String line = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8))
          .readLine();
      password = line == null ? null : line.toCharArray();
    }
    if (password == null || password.length == 0) {
      throw new UsageException("hash-password: no password given on standard input");
    }
    ctx.out().println(PasswordHash.create(password));
    java.util.Arrays.fill(password, '\0');
    return Main.OK;
  }
}
