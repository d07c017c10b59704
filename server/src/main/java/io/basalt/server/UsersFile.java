package io.basalt.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users the server accepts, read once from a file with one {@code name:password} per line,
 * where the password is either plain text or the salted-hash form {@code
 * pbkdf2-sha256:ITERATIONS:SALT:HASH} ({@link PasswordHash}). Blank lines and lines starting with
 * {@code #} are ignored; a name may not contain {@code :}.
 */
public final class UsersFile {
  /** A user's password: plain text or a salted hash. */
  private record Secret(byte[] plain, PasswordHash hash) {}

  private final Map<String, Secret> users;

  private UsersFile(Map<String, Secret> users) {
    this.users = users;
  }

  /** Reads and validates {@code file}; every problem names the file and line. */
  public static UsersFile read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot read users file " + file + ": " + e.getMessage(), e);
    }
    return parse(file.toString(), lines);
  }

  static UsersFile parse(String source, List<String> lines) throws IOException {
    Map<String, Secret> users = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String where = source + " line " + (i + 1);
      if (colon <= 0 || colon == line.length() - 1) {
        throw new IOException(where + ": expected name:password or name:" + PasswordHash.PREFIX
            + "ITERATIONS:SALT:HASH");
      }
      String name = line.substring(0, colon);
      String password = line.substring(colon + 1);
      Secret secret;
      if (PasswordHash.isHashed(password)) {
        try {
          secret = new Secret(null, PasswordHash.parse(password));
        } catch (IllegalArgumentException e) {
          throw new IOException(where + ": " + e.getMessage(), e);
        }
      } else {
        secret = new Secret(password.getBytes(StandardCharsets.UTF_8), null);
      }
      if (users.put(name, secret) != null) {
        throw new IOException(where + ": user '" + name + "' is listed twice");
      }
    }
    if (users.isEmpty()) {
      throw new IOException(source + " lists no users (expected name:password lines)");
    }
    return new UsersFile(Map.copyOf(users));
  }

  public int size() {
    return users.size();
  }

  /** Whether {@code name} exists and {@code password} is its password (constant-time compare). */
  public boolean authenticate(String name, String password) {
    Secret secret = users.get(name);
    if (secret == null || password == null) {
      return false;
    }
    if (secret.hash() != null) {
      return secret.hash().matches(password.toCharArray());
    }
    return MessageDigest.isEqual(secret.plain(), password.getBytes(StandardCharsets.UTF_8));
  }
}
