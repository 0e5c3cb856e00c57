package org.tnas.pipelines.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The shared Spark fixture of this module's tests: ONE {@code local[2]} session per test JVM,
 * bound to 127.0.0.1 with the UI off, created on first use and stopped by Spark's shutdown hook.
 * Tests must not stop it.
 */
public final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.getOrCreate("tnas-pipelines-tests", "local[2]",
          Map.of("spark.sql.shuffle.partitions", "2", "spark.default.parallelism", "2"));
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
