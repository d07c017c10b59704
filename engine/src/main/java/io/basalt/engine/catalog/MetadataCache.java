package io.basalt.engine.catalog;

import io.basalt.engine.format.parquet.ParquetException;
import io.basalt.engine.format.parquet.ParquetFileMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed Parquet footers, keyed by path and invalidated when a file's size or modification time
 * changes, so re-planning a query over a large folder does not re-read every footer.
 */
public final class MetadataCache {
  private final ConcurrentHashMap<Path, ParquetFileMetadata> footers = new ConcurrentHashMap<>();

  /** The footer of {@code file}, read now if absent or stale. */
  public ParquetFileMetadata footer(Path file) throws ParquetException {
    Path key = file.toAbsolutePath().normalize();
    long size;
    long modified;
    try {
      size = Files.size(key);
      modified = Files.getLastModifiedTime(key).toMillis();
    } catch (NoSuchFileException e) {
      footers.remove(key);
      throw new ParquetException(key, "file not found");
    } catch (IOException e) {
      throw new ParquetException(key, "cannot read file attributes: " + e.getMessage(), e);
    }
    ParquetFileMetadata cached = footers.get(key);
    if (cached != null && cached.fileSize() == size && cached.modifiedMillis() == modified) {
      return cached;
    }
    ParquetFileMetadata fresh = ParquetFileMetadata.read(key);
    footers.put(key, fresh);
    return fresh;
  }
}
