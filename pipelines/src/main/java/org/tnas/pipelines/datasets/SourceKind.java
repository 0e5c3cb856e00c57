package org.tnas.pipelines.datasets;

/** What a {@link ClipSpec}'s sources are. */
public enum SourceKind {
  /** One video file (decoded by {@code org.tnas.pipelines.video.VideoFrames}). */
  VIDEO_FILE,
  /** An ordered list of intensity frame images (CK+, Oulu-CASIA, SEE {@code frame/}, generic). */
  IMAGE_SEQUENCE,
  /**
   * An ordered list of accumulated event-frame images (SEE {@code event/}, 33 ms each): already
   * events, rendered as pictures, not intensity frames to run through the emulator.
   */
  EVENT_FRAMES
}
