package org.tnas.search.space;

/** How the last feature map is turned into a vector for the linear head. */
public enum HeadKind {
  /** Global average pooling over space: features = channels of the last block. */
  GLOBAL_AVERAGE_POOL,
  /** Flatten in (channel, row, column) order: features = channels x height x width. */
  FLATTEN
}
