package org.tnas.search.evaluation;

import java.io.Serializable;

/**
 * A small serialisable recipe for {@link EvaluationData} that each worker JVM loads itself
 * (from shards on a Hadoop file system, or generated), once per JVM ({@link SupernetScorerFactory}
 * caches it by {@link #identity()}).
 */
public interface EvaluationDataSource extends Serializable {
  /** A stable text naming the data (paths, split, seed). */
  String identity();

  /** Loads the data. */
  EvaluationData load();
}
