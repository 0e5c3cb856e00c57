package org.tnas.pipelines.video;


/**
 * The frames of a source at a declared rate: frame k at {@code k / fps} seconds, whatever times the
 * source gives (v2e's {@code --input_frame_rate}: a clip recorded at a rate its container does not
 * state, or a slow-motion clip). Frames are passed through, not blended.
 */
final class RetimedFrames extends ForwardingFrameSource {
  private final double fps;
  private long index;

  RetimedFrames(FrameSource source, double fps) {
    super(source);
    if (!(fps > 0) || Double.isInfinite(fps)) {
      throw new IllegalArgumentException("Invalid input frame rate: " + fps);
    }
    this.fps = fps;
  }

  @Override
  public double fps() {
    return fps;
  }

  @Override
  public boolean hasNext() {
    return source.hasNext();
  }

  @Override
  public TimedFrame next() {
    TimedFrame frame = source.next();
    return new TimedFrame(frame.gray(), index++ / fps);
  }
}
