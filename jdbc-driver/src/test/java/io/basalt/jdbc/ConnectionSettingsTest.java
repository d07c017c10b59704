package io.basalt.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsTest {
  @TempDir
  Path dir;

  @Test
  void parsesPathAndProperties() throws SQLException {
    ConnectionSettings s = ConnectionSettings.parse(
        "jdbc:basalt:" + dir + ";threads=3;memory_limit=256MB;spill_dir=" + dir.resolve("spill")
            + ";max_temp_size=20GB",
        new Properties());
    assertEquals(dir.toAbsolutePath().normalize(), s.dataRoot());
    assertEquals(3, s.engineConfig().threads());
    assertEquals(256L << 20, s.engineConfig().memoryLimitBytes());
    assertEquals(dir.resolve("spill").toAbsolutePath(), s.engineConfig().spillDir());
    assertEquals(20L << 30, s.engineConfig().maxTempBytes());
    assertEquals(0, ConnectionSettings.parse("jdbc:basalt:" + dir, new Properties())
        .engineConfig().maxTempBytes(), "0: the default, 90% of the free space");
  }

  @Test
  void propertiesObjectWorksAndUrlWins() throws SQLException {
    Properties p = new Properties();
    p.setProperty("threads", "1");
    p.setProperty("MEMORY_LIMIT", "2GB");
    ConnectionSettings s = ConnectionSettings.parse("jdbc:basalt:" + dir + ";threads=2", p);
    assertEquals(2, s.engineConfig().threads());
    assertEquals(2L << 30, s.engineConfig().memoryLimitBytes());
  }

  @Test
  void sizesAcceptUnitsAndPercent() throws SQLException {
    assertEquals(1536L << 20, ConnectionSettings.parseSize("memory_limit", "1.5GB"));
    assertEquals(64L << 20, ConnectionSettings.parseSize("memory_limit", "64mb"));
    assertEquals(64L << 20, ConnectionSettings.parseSize("memory_limit", "64MiB"));
    assertEquals(2L << 20, ConnectionSettings.parseSize("memory_limit", String.valueOf(2L << 20)));
    assertTrue(ConnectionSettings.parseSize("memory_limit", "50%") > 0);
  }

  @Test
  void badValuesAreClearErrors() {
    assertMessage("jdbc:basalt:" + dir + ";threads=0", "invalid threads=0");
    assertMessage("jdbc:basalt:" + dir + ";threads=many", "invalid threads=many");
    assertMessage("jdbc:basalt:" + dir + ";memory_limit=lots", "invalid memory_limit=lots");
    assertMessage("jdbc:basalt:" + dir + ";memory_limit=10KB", "at least 1MB");
    assertMessage("jdbc:basalt:" + dir + ";memory_limit=150%", "percentage");
    assertMessage("jdbc:basalt:" + dir + ";max_temp_size=50%", "invalid max_temp_size=50%");
    assertMessage("jdbc:basalt:" + dir + ";max_temp_size=1KB", "at least 1MB");
    assertMessage("jdbc:basalt:" + dir + ";memory_limt=1GB", "unknown connection property 'memory_limt'");
    assertMessage("jdbc:basalt:" + dir + ";threads", "malformed connection property 'threads'");
    assertMessage("jdbc:basalt:" + dir.resolve("missing"), "does not exist");
    assertMessage("jdbc:basalt:", "no data folder");
  }

  @Test
  void readOnlyIsOffUnlessAskedFor() throws SQLException {
    assertEquals(false, ConnectionSettings.parse("jdbc:basalt:" + dir, new Properties()).readOnly());
    assertEquals(true, ConnectionSettings.parse("jdbc:basalt:" + dir + ";read_only=TRUE", new Properties()).readOnly());
    Properties p = new Properties();
    p.setProperty("read_only", "true");
    assertEquals(true, ConnectionSettings.parse("jdbc:basalt:" + dir, p).readOnly());
    assertMessage("jdbc:basalt:" + dir + ";read_only=yes", "invalid read_only=yes: expected true or false");
  }

  @Test
  void spillDirMustNotBeAFile() throws Exception {
    Path file = Files.createFile(dir.resolve("f"));
    assertMessage("jdbc:basalt:" + dir + ";spill_dir=" + file, "not a directory");
  }

  private static void assertMessage(String url, String fragment) {
    SQLException e = assertThrows(SQLException.class, () -> ConnectionSettings.parse(url, new Properties()));
    assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
  }
}
