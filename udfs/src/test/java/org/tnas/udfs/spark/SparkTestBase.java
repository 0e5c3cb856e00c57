package org.tnas.udfs.spark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared Spark fixture of this module's tests (copy the pattern elsewhere): ONE local session
 * per test JVM, {@code local[2]}, bound to 127.0.0.1, UI off, 2 shuffle partitions. The session is
 * created by the first test class that needs it and reused by all others (creating sessions is the
 * slow part of Spark tests); Spark's own shutdown hook stops it when the JVM exits. Tests must not
 * stop it, and must restore any conf they change (use {@link #withSqlConf}).
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("tnas-udfs-tests")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.ansi.enabled", "true")
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
    }
  }

  /** Runs a query and collects its rows. */
  protected static List<Row> sql(String query) {
    return spark.sql(query).collectAsList();
  }

  /** Runs {@code body} with SQL conf overrides, restoring the previous values afterwards. */
  protected static void withSqlConf(Map<String, String> overrides, Runnable body) {
    Map<String, String> previous = new HashMap<>();
    for (String key : overrides.keySet()) {
      previous.put(key, spark.conf().contains(key) ? spark.conf().get(key) : null);
    }
    overrides.forEach((key, value) -> spark.conf().set(key, value));
    try {
      body.run();
    } finally {
      previous.forEach((key, value) -> {
        if (value == null) {
          spark.conf().unset(key);
        } else {
          spark.conf().set(key, value);
        }
      });
    }
  }
}
