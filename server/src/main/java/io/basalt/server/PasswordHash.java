package io.basalt.server;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The salted-hash form of a password in a users file: {@code
 * pbkdf2-sha256:ITERATIONS:SALT:HASH} (salt and hash in Base64), PBKDF2 with HMAC-SHA256 as the
 * JDK ships it. Produce one with {@code bin/basalt hash-password}.
 */
public final class PasswordHash {
  public static final String PREFIX = "pbkdf2-sha256:";
  static final int DEFAULT_ITERATIONS = 120_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Whether {@code text} is in the salted-hash form (else it is a plain password). */
  public static boolean isHashed(String text) {
    return text.startsWith(PREFIX);
  }

  /** Parses {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}. */
  public static PasswordHash parse(String text) {
    String[] parts = text.substring(PREFIX.length()).split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException("malformed hash: expected " + PREFIX
          + "ITERATIONS:SALT:HASH");
    }
    try {
      int iterations = Integer.parseInt(parts[0]);
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations must be positive");
      }
      return new PasswordHash(iterations, Base64.getDecoder().decode(parts[1]),
          Base64.getDecoder().decode(parts[2]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed " + PREFIX + " hash: " + e.getMessage(), e);
    }
  }

  /** A new hash of {@code password} with a random salt, in the users-file form. */
  public static String create(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    new SecureRandom().nextBytes(salt);
    byte[] hash = derive(password, salt, DEFAULT_ITERATIONS);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + DEFAULT_ITERATIONS + ":" + b64.encodeToString(salt) + ":"
        + b64.encodeToString(hash);
  }

  /** Whether {@code password} matches, compared in constant time. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
    } finally {
      spec.clearPassword();
    }
  }

  @Override
  public String toString() {
    return PREFIX + iterations + ":<salt>:<hash " + Arrays.hashCode(hash) + ">";
  }
}
