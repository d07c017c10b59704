package io.basalt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The users file: plain and salted-hash passwords, comments, and clear errors. */
class UsersFileTest {
  @Test
  void plainAndHashedPasswordsAuthenticate() throws IOException {
    String hash = PasswordHash.create("s3cret:with colon".toCharArray());
    UsersFile users = UsersFile.parse("users", List.of("# comment", "", "alice:wonderland",
        "bob:" + hash));
    assertEquals(2, users.size());
    assertTrue(users.authenticate("alice", "wonderland"));
    assertFalse(users.authenticate("alice", "Wonderland"));
    assertTrue(users.authenticate("bob", "s3cret:with colon"));
    assertFalse(users.authenticate("bob", "s3cret"));
    assertFalse(users.authenticate("bob", hash), "the hash itself is not the password");
    assertFalse(users.authenticate("carol", "wonderland"));
    assertFalse(users.authenticate("alice", null));
  }

  @Test
  void hashesAreSalted() {
    assertNotEquals(PasswordHash.create("x".toCharArray()), PasswordHash.create("x".toCharArray()));
  }

  @Test
  void malformedFilesNameTheLine() {
    IOException e = assertThrows(IOException.class,
        () -> UsersFile.parse("u.txt", List.of("alice:a", "no-colon")));
    assertTrue(e.getMessage().startsWith("u.txt line 2: expected name:password"), e.getMessage());
    e = assertThrows(IOException.class,
        () -> UsersFile.parse("u.txt", List.of("alice:a", "alice:b")));
    assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
    e = assertThrows(IOException.class,
        () -> UsersFile.parse("u.txt", List.of("bob:pbkdf2-sha256:abc")));
    assertTrue(e.getMessage().startsWith("u.txt line 1: malformed"), e.getMessage());
    e = assertThrows(IOException.class, () -> UsersFile.parse("u.txt", List.of("# nobody")));
    assertTrue(e.getMessage().contains("lists no users"), e.getMessage());
  }

  @Test
  void basicHeadersAreCheckedAndRemembered() throws IOException {
    BasicAuthHandler auth = new BasicAuthHandler(
        UsersFile.parse("users", List.of("alice:wonderland")));
    assertEquals("alice", auth.authenticatedUser(basic("alice:wonderland")));
    assertEquals("alice", auth.authenticatedUser(basic("alice:wonderland")), "from the cache");
    assertEquals(null, auth.authenticatedUser(basic("alice:wonderlan")));
    assertEquals(null, auth.authenticatedUser(basic("alice")));
    assertEquals(null, auth.authenticatedUser("Basic !!!"));
    assertEquals(null, auth.authenticatedUser("Bearer x"));
    assertEquals(null, auth.authenticatedUser(null));
  }

  private static String basic(String credentials) {
    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }
}
