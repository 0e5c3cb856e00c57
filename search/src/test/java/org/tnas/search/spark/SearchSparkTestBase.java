package org.tnas.search.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared Spark fixture of the search module's tests: one {@code local[2]} session per test
 * JVM, bound to 127.0.0.1, UI off; created by the first class that needs it, never stopped by
 * tests (Spark's shutdown hook does it).
 */
public abstract class SearchSparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("tnas-search-tests")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.default.parallelism", "2")
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
    }
  }
}
