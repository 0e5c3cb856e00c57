package org.tnas.pipelines.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the SparkSession of a job. Under {@code spark-submit} the master and settings come from
 * spark-submit ({@code spark.master} is already set); run from the {@code tnas} launcher the
 * default is the embedded {@code local[*]} master bound to 127.0.0.1 with the web UI off.
 */
public final class SparkSessions {
  /** The default master when neither spark-submit nor {@code --master} gives one. */
  public static final String DEFAULT_MASTER = "local[*]";

  private SparkSessions() {}

  /**
   * Returns the active session or builds one.
   *
   * @param appName application name shown in the Spark UI and logs
   * @param master master URL from the command line, or null to keep spark-submit's / the default
   * @param settings extra {@code spark.*} settings (e.g. from {@code --conf spark.x=y})
   */
  public static SparkSession getOrCreate(String appName, String master, Map<String, String> settings) {
    SparkConf conf = new SparkConf(true);
    conf.setAppName(appName);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(DEFAULT_MASTER);
    }
    String effectiveMaster = conf.get("spark.master");
    Preflight.checkMaster(effectiveMaster);
    if (effectiveMaster.startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    // every executor's native numerics environment (read by PyTorch when it loads); a user's value wins
    org.tnas.search.training.NumericsEnvironment.executorSettings(org.tnas.search.training.NumericsEnvironment.mode())
        .forEach(conf::setIfMissing);
    settings.forEach(conf::set);
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
