package io.basalt.spark;

/**
 * The TPC-H round trip through Spark Connect: {@code spark_remote=sc://...} against a server in a
 * JVM of its own, from a test JVM whose classpath holds the Spark Connect client and not classic
 * Spark, as a Spark Connect user's driver does.
 */
class SparkConnectTpchTest extends SparkTpchTest {
  @Override
  String sparkTarget() throws Exception {
    return "spark_remote=" + SparkConnectServerProcess.url();
  }
}
