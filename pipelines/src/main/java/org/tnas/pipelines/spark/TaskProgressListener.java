package org.tnas.pipelines.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.tnas.formats.util.Progress;

/**
 * Drives a {@link Progress} line from the driver: one unit per successfully finished Spark task.
 * Register it around one job only (tasks of other jobs would count too).
 */
public final class TaskProgressListener extends SparkListener {
  private final Progress progress;

  public TaskProgressListener(Progress progress) {
    this.progress = progress;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (taskEnd.taskInfo() != null && taskEnd.taskInfo().successful()) {
      progress.advance(1);
    }
  }
}
