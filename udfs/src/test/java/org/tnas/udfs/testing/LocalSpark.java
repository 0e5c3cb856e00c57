package org.tnas.udfs.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * The project's one Spark test fixture, shipped in the {@code tnas-udfs} test-jar (udfs is the
 * lowest module with Spark on its test classpath; {@code formats} stays Spark-free) and used by
 * the Spark tests of udfs, search and pipelines.
 *
 * <p>ONE local session per test JVM: {@code local[2]}, driver bound to 127.0.0.1, UI and console
 * progress off, 2 shuffle partitions, UTC session time zone, ANSI SQL. The first caller creates it
 * and everybody else reuses it (creating sessions is the slow part of Spark tests); Spark's own
 * shutdown hook stops it when the JVM exits. Tests must not stop it, and must restore any conf
 * they change (use {@link #withSqlConf}).
 *
 * <p>Two ways to use it: extend this class and use the {@link #spark} field (set before the first
 * test of the class runs), or call {@link #session()}.
 */
public class LocalSpark {
  /** The shared session; set by {@link #startSpark()} before a subclass's tests run. */
  protected static SparkSession spark;

  protected LocalSpark() {}

  /**
   * Returns the shared session, creating it on first use (and again when a job under test stopped
   * it: jobs that own their session, such as the synthesize and pipeline jobs, stop it at the end).
   */
  public static synchronized SparkSession session() {
    if (spark == null || spark.sparkContext().isStopped()) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("tnas-tests")
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
    return spark;
  }

  @BeforeAll
  static void startSpark() {
    session();
  }

  /** Runs a query and collects its rows. */
  protected static List<Row> sql(String query) {
    return session().sql(query).collectAsList();
  }

  /** Runs {@code body} with SQL conf overrides, restoring the previous values afterwards. */
  protected static void withSqlConf(Map<String, String> overrides, Runnable body) {
    SparkSession session = session();
    Map<String, String> previous = new HashMap<>();
    for (String key : overrides.keySet()) {
      previous.put(key, session.conf().contains(key) ? session.conf().get(key) : null);
    }
    overrides.forEach((key, value) -> session.conf().set(key, value));
    try {
      body.run();
    } finally {
      previous.forEach((key, value) -> {
        if (value == null) {
          session.conf().unset(key);
        } else {
          session.conf().set(key, value);
        }
      });
    }
  }
}
