package io.basalt.spark;

/**
 * Every type, NULLs, hive partitions, windows and functions through Spark Connect: the values
 * arrive as Arrow batches over gRPC instead of from an in-process session, and must still equal
 * the local engine's, with the same JDBC types.
 */
class SparkConnectRoundTripTest extends SparkRoundTripTest {
  @Override
  String sparkTarget() throws Exception {
    return "spark_remote=" + SparkConnectServerProcess.url();
  }
}
