package io.basalt.engine;

import io.basalt.engine.catalog.MetadataCache;
import io.basalt.engine.memory.MemoryPool;

/**
 * One engine: its configuration, its memory root and its footer cache. A JDBC connection owns one;
 * closing it checks that every query gave back all its memory.
 */
public final class BasaltEngine implements AutoCloseable {
  private final EngineConfig config;
  private final MemoryPool memoryPool;
  private final MetadataCache metadataCache = new MetadataCache();

  public BasaltEngine(EngineConfig config) {
    this.config = config;
    this.memoryPool = new MemoryPool(config.memoryLimitBytes());
  }

  public EngineConfig config() {
    return config;
  }

  public MemoryPool memoryPool() {
    return memoryPool;
  }

  public MetadataCache metadataCache() {
    return metadataCache;
  }

  @Override
  public void close() {
    memoryPool.close();
  }
}
