package io.basalt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through JDBC: each case is an SQLException naming the file (or folder) and the problem,
 * within seconds — never a hang, a crash or an answer.
 */
class BadInputTest {
  @TempDir
  Path data;

  private static final Duration LIMIT = Duration.ofSeconds(60);

  private void writeTable(Path file, int rows) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT i AS id, 'value number ' || i AS label FROM range(" + rows + ") t(i)) TO '"
          + file + "' (FORMAT parquet, COMPRESSION uncompressed)");
    }
  }

  private String failure(String sql) {
    return assertTimeoutPreemptively(LIMIT, () -> {
      try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data);
          Statement s = c.createStatement()) {
        SQLException e = assertThrows(SQLException.class, () -> {
          try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
              rs.getObject(1);
            }
          }
        });
        return ErrorMessages.of(e);
      }
    });
  }


  @Test
  void missingFolder() {
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:basalt:" + data.resolve("nowhere")));
    assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("does not exist"),
        e.getMessage());
  }

  @Test
  void missingTable() {
    String m = failure("select * from no_such_table");
    assertTrue(m.contains("no_such_table"), m);
  }

  @Test
  void textFileNamedParquet() throws Exception {
    Files.writeString(data.resolve("notes.parquet"), "just some text\n");
    String m = failure("select * from notes");
    assertTrue(m.contains("notes.parquet") && m.contains("not a Parquet file"), m);
  }

  @Test
  void truncatedFile() throws Exception {
    Path file = data.resolve("cut.parquet");
    writeTable(file, 10_000);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    String m = failure("select count(*) from cut");
    assertTrue(m.contains("cut.parquet"), m);
  }

  @Test
  void corruptPageHeader() throws Exception {
    Path file = data.resolve("broken.parquet");
    writeTable(file, 10_000);
    // The first page header follows the 4-byte magic: overwrite it with garbage.
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(4);
      raf.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0x13, 0x00});
    }
    String m = failure("select sum(id) from broken");
    assertTrue(m.contains("broken.parquet"), m);
  }

  @Test
  void unreadableFile() throws Exception {
    Path file = data.resolve("secret.parquet");
    writeTable(file, 10);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assumeTrue(!Files.isReadable(file), "running as root: permissions do not stop reads");
    String m = failure("select * from secret");
    assertTrue(m.contains("secret.parquet"), m);
  }

  @Test
  void typeConflictAcrossFiles() throws Exception {
    Files.createDirectories(data.resolve("mixed"));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT 1 AS a) TO '" + data.resolve("mixed/one.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT DATE '2024-01-01' AS a) TO '" + data.resolve("mixed/two.parquet")
          + "' (FORMAT parquet)");
    }
    String m = failure("select a from mixed");
    assertTrue(m.contains("one.parquet") && m.contains("two.parquet") && m.contains("column 'a'"), m);
  }

  @Test
  void goodTableStillWorksNextToBadOnes() throws Exception {
    writeTable(data.resolve("fine.parquet"), 100);
    Files.writeString(data.resolve("junk.parquet"), "junk");
    try (Connection c = DriverManager.getConnection("jdbc:basalt:" + data);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from fine")) {
      rs.next();
      assertEquals(100, rs.getLong(1));
    }
  }
}
