package org.tnas.udfs.core;

/** What a frame pixel holds. */
public enum FrameMode {
  /** 1 if at least one event of that slice, polarity and pixel occurred, else 0. */
  BINARY,
  /** The number of events of that slice, polarity and pixel. */
  COUNT
}
