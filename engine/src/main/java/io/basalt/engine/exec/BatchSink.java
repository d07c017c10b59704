package io.basalt.engine.exec;

/**
 * Where one worker of a parallel region puts the batches it pulled: the thread-local half of a
 * pipeline breaker (a hash table being built, a sort buffer, partial aggregates). Not thread-safe:
 * each copy of a region gets its own sink; the breaker merges them after {@link
 * QueryRun#drain} returns.
 */
public interface BatchSink {
  /** Takes ownership of {@code batch}: the sink closes it, now or later. */
  void accept(org.apache.arrow.vector.VectorSchemaRoot batch) throws Exception;
}
