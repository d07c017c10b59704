package io.basalt.planner.catalog;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths inside the roots pass; {@code ..}, absolute paths and symlinks out are refused. */
class PathSandboxTest {
  @TempDir
  Path work;

  private Path root;
  private Path extra;
  private Path outside;
  private PathSandbox sandbox;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(work.resolve("data"));
    extra = Files.createDirectories(work.resolve("extra"));
    outside = Files.createDirectories(work.resolve("outside"));
    Files.writeString(root.resolve("t.parquet"), "x");
    Files.writeString(outside.resolve("secret.parquet"), "x");
    Files.createSymbolicLink(root.resolve("link"), outside);
    Files.createSymbolicLink(root.resolve("file-link.parquet"), outside.resolve("secret.parquet"));
    sandbox = PathSandbox.restricted(root, List.of(extra), false);
  }

  @Test
  void pathsInsideTheRootsPass() {
    assertDoesNotThrow(() -> sandbox.checkPattern("t.parquet", root));
    assertDoesNotThrow(() -> sandbox.checkPattern("**/*.parquet", root));
    assertDoesNotThrow(() -> sandbox.checkPattern("sub/../t.parquet", root));
    assertDoesNotThrow(() -> sandbox.checkPattern(extra.resolve("*.parquet").toString(), root));
    assertDoesNotThrow(() -> sandbox.checkPattern("not-there-yet/x.parquet", root));
    assertDoesNotThrow(() -> sandbox.checkFile("t.parquet", root.resolve("t.parquet")));
  }

  @Test
  void escapesAreRefused() {
    for (String escape : List.of("../outside/secret.parquet", "../**/*.parquet",
        outside.resolve("secret.parquet").toString(), "/", "link/secret.parquet", "link/*",
        "t.parquet/../../outside/x")) {
      SecurityException e = assertThrows(SecurityException.class,
          () -> sandbox.checkPattern(escape, root), escape);
      assertTrue(e.getMessage().startsWith("path outside the allowed roots: '" + escape + "'"),
          e.getMessage());
    }
  }

  @Test
  void aSymlinkedFileMatchedByAGlobIsRefused() {
    // The pattern itself stays inside; the file it matched leads out.
    assertDoesNotThrow(() -> sandbox.checkPattern("*.parquet", root));
    assertThrows(SecurityException.class,
        () -> sandbox.checkFile("*.parquet", root.resolve("file-link.parquet")));
    assertFalse(sandbox.allows(root.resolve("link")));
    assertTrue(sandbox.allows(root.resolve("t.parquet")));
  }

  @Test
  void unrestrictedAllowsEverything() {
    PathSandbox open = PathSandbox.unrestricted();
    assertDoesNotThrow(() -> open.checkPattern("../outside/secret.parquet", root));
    assertDoesNotThrow(() -> open.checkFile("x", root.resolve("file-link.parquet")));
    assertTrue(open.allows(outside));
  }

  @Test
  void readOnlyRefusesWrites() throws Exception {
    assertDoesNotThrow(() -> sandbox.checkWritable("COPY TO"));
    PathSandbox readOnly = PathSandbox.restricted(root, List.of(), true);
    SecurityException e = assertThrows(SecurityException.class,
        () -> readOnly.checkWritable("COPY TO"));
    assertTrue(e.getMessage().startsWith("COPY TO refused: the connection is read-only"),
        e.getMessage());
    assertThrows(SecurityException.class,
        () -> PathSandbox.unrestricted().withReadOnly(true).checkWritable("CREATE TABLE AS"));
  }

  @Test
  void aMissingRootIsAnError() {
    Exception e = assertThrows(java.io.IOException.class,
        () -> PathSandbox.restricted(root, List.of(work.resolve("nope")), false));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void fixedPartStopsAtTheFirstGlobSegment() {
    assertEquals(root.resolve("a/b"), PathSandbox.fixedPart("a/b/*/c.parquet", root));
    assertEquals(root, PathSandbox.fixedPart("**/*.parquet", root));
    assertEquals(root.resolve("x"), PathSandbox.fixedPart("a/../x", root));
  }
}
