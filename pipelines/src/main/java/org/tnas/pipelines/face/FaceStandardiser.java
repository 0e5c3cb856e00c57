package org.tnas.pipelines.face;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.tnas.formats.errors.ProjectException;
import org.tnas.pipelines.video.TimedFrame;
import org.tnas.pipelines.video.FrameSource;

/**
 * Face standardisation as in Spiking-FER, streamed: for each source frame, detect the face (OpenCV
 * cascade), find its 68 landmarks (dlib's model, {@link Dlib68Model}), re-predict them in the box the
 * model itself fits to them (so that the detector's box convention does not bias the landmarks), check
 * that they are plausible, then rotate so the eyes are level, crop and resize ({@link FaceAligner}).
 * The aligned frame keeps the source frame's time.
 *
 * <p>With {@code detectionInterval} k > 1 the cascade runs on every k-th frame only: in between, the
 * landmarks are tracked - predicted once in the box fitted to the previous frame's landmarks - and a frame whose tracked landmarks are implausible or whose fitted
 * box moved by more than {@link #DRIFT_LIMIT} of its width (or changed its width by more than that
 * fraction) since the previous frame is re-detected at once. k = 1 detects on every frame.
 *
 * <p>Once a face is found, the next frame's search is restricted to the region around it ({@link
 * FaceDetector#detectNear}). When the detector misses a face, the box fitted to the previous frame's landmarks is used
 * (tracking) for up to {@code maxTrackedFrames} consecutive frames. Frames with no face and nothing to
 * track, or with implausible landmarks (the eye centres outside the box, the subject's right eye not
 * left of the left eye, or an inter-ocular distance outside 0.2-0.7 of the box width), are dropped
 * and counted ({@link #statistics()}). A clip in which no frame is aligned is reported: the iterator
 * throws {@link ProjectException} NO_FACE "Cannot standardise: no face found in &lt;file&gt;" instead
 * of ending - it never centre-crops.
 *
 * <p>Takes ownership of the source frames and of the detector (closes both). Memory holds one
 * source frame. Not thread safe.
 */
public final class FaceStandardiser implements FrameSource {
  /** What is cut out of each frame. */
  public enum Mode {
    /** The whole face, {@code faceSize} square (Spiking-FER). */
    FACE,
    /** The subject's right eye with its brow, {@code eyeRegionSize} square (SEE-like). */
    RIGHT_EYE
  }

  /** The largest move or size change of the fitted box between tracked frames, as a fraction of its width. */
  public static final double DRIFT_LIMIT = 0.1;

  /**
   * Standardisation settings. Immutable; serialisable.
   *
   * @param maxTrackedFrames consecutive frames aligned from the previous landmarks when the detector misses
   * @param detectionInterval run the detector on every k-th frame and track landmarks in between (1: every frame)
   */
  public record Options(Mode mode, AlignmentOptions alignment, int maxTrackedFrames, int detectionInterval)
      implements java.io.Serializable {
    public static final Options DEFAULTS = new Options(Mode.FACE, AlignmentOptions.DEFAULTS, 12, DEFAULT_DETECTION_INTERVAL);

    public Options {
      Objects.requireNonNull(mode, "mode is null");
      Objects.requireNonNull(alignment, "alignment is null");
      if (maxTrackedFrames < 0) {
        throw new IllegalArgumentException("Invalid maximum tracked frames: " + maxTrackedFrames);
      }
      if (detectionInterval < 1) {
        throw new IllegalArgumentException("Invalid detection interval: " + detectionInterval);
      }
    }

    /** Options that detect on every frame. */
    public Options(Mode mode, AlignmentOptions alignment, int maxTrackedFrames) {
      this(mode, alignment, maxTrackedFrames, 1);
    }

    public Options withMode(Mode newMode) {
      return new Options(newMode, alignment, maxTrackedFrames, detectionInterval);
    }

    public Options withDetectionInterval(int interval) {
      return new Options(mode, alignment, maxTrackedFrames, interval);
    }
  }

  /**
   * The default detection interval: the cascade on every 5th frame. Measured against detection on
   * every frame on the shared videos (FaceTrackingBenchmark, docs/video-and-face.md): mean landmark
   * distance 0.27-0.33 px, every frame's mean within 1 px, 2.4-2.5x the frames per second.
   */
  public static final int DEFAULT_DETECTION_INTERVAL = 5;

  private final FrameSource frames;
  private final Dlib68Model model;
  private final FaceDetector detector;
  private final FaceAligner aligner;
  private final Options options;
  private TimedFrame next;
  private FaceLandmarks previous;
  private FaceLandmarks lastLandmarks;
  private int missed;
  private int sinceDetection;
  private long redetections;
  private long read;
  private long detected;
  private long tracked;
  private long aligned;
  private boolean closed;

  /**
   * @param frames the clip (owned: closed by {@link #close()})
   * @param detector the face detector (owned)
   */
  public FaceStandardiser(FrameSource frames, Dlib68Model model, FaceDetector detector, Options options) {
    this.frames = Objects.requireNonNull(frames, "frames is null");
    this.model = Objects.requireNonNull(model, "model is null");
    this.detector = Objects.requireNonNull(detector, "detector is null");
    this.options = Objects.requireNonNull(options, "options is null");
    this.aligner = new FaceAligner(options.alignment());
  }

  /** Standardises {@code frames} with Debian's dlib model and default cascade. */
  public static FaceStandardiser withDebianModels(FrameSource frames, Options options) {
    Objects.requireNonNull(frames, "frames is null");
    try {
      return new FaceStandardiser(frames, Dlib68Model.debian(), FaceDetector.openDefault(), options);
    } catch (RuntimeException e) {
      frames.close();
      throw e;
    }
  }

  @Override
  public String source() {
    return frames.source();
  }

  @Override
  public int width() {
    return options.mode() == Mode.FACE ? options.alignment().faceSize() : options.alignment().eyeRegionSize();
  }

  @Override
  public int height() {
    return width();
  }

  @Override
  public double fps() {
    return frames.fps();
  }

  /** Counts so far (final once the iterator has ended). */
  public FaceStatistics statistics() {
    return new FaceStatistics(read, detected, tracked, aligned, read - aligned);
  }

  /** Landmarks of the last aligned frame, in source pixel coordinates. */
  public Optional<FaceLandmarks> lastLandmarks() {
    return Optional.ofNullable(lastLandmarks);
  }

  @Override
  public boolean hasNext() {
    while (next == null && !closed && frames.hasNext()) {
      next = standardise(frames.next());
    }
    if (next == null && aligned == 0 && read > 0) {
      throw new ProjectException(FaceErrorCode.NO_FACE, "Cannot standardise: no face found in " + frames.source()
          + " (" + read + " frames)");
    }
    return next != null;
  }

  @Override
  public TimedFrame next() {
    if (!hasNext()) {
      throw new NoSuchElementException("Cannot read past the last frame of " + frames.source());
    }
    TimedFrame frame = next;
    next = null;
    return frame;
  }

  private TimedFrame standardise(TimedFrame frame) {
    read++;
    int width = frames.width();
    int height = frames.height();
    float[] gray = frame.gray();
    if (previous != null && sinceDetection < options.detectionInterval() - 1) {
      // one prediction: the start box is already the one the model fits to landmarks (the second
      // prediction of the detection path only removes the detector's box convention)
      FaceBox start = model.boxFor(previous);
      FaceLandmarks landmarks = model.predict(gray, width, height, start);
      FaceBox refined = model.boxFor(landmarks);
      if (isPlausible(landmarks, refined) && !hasDrifted(start, refined)) {
        tracked++;
        sinceDetection++;
        return emit(frame, gray, width, height, landmarks);
      }
      redetections++; // tracking degraded: detect on this frame
    }
    Optional<FaceBox> found = previous != null
        ? detector.detectNear(gray, width, height, model.boxFor(previous))
        : detector.detectLargest(gray, width, height);
    FaceBox box;
    if (found.isPresent()) {
      box = found.get();
    } else if (previous != null && missed < options.maxTrackedFrames()) {
      box = model.boxFor(previous);
    } else {
      previous = null;
      return null;
    }
    FaceLandmarks landmarks = model.predict(gray, width, height, box);
    FaceBox refined = model.boxFor(landmarks);
    landmarks = model.predict(gray, width, height, refined);
    refined = model.boxFor(landmarks);
    if (!isPlausible(landmarks, refined)) {
      previous = null;
      return null;
    }
    if (found.isPresent()) {
      detected++;
      missed = 0;
      sinceDetection = 0;
    } else {
      tracked++;
      missed++;
    }
    return emit(frame, gray, width, height, landmarks);
  }

  private TimedFrame emit(TimedFrame frame, float[] gray, int width, int height, FaceLandmarks landmarks) {
    previous = landmarks;
    lastLandmarks = landmarks;
    aligned++;
    float[] out = options.mode() == Mode.FACE
        ? aligner.alignFace(gray, width, height, landmarks)
        : aligner.alignEyeRegion(gray, width, height, landmarks);
    return new TimedFrame(out, frame.timeSeconds());
  }

  /** Whether the box fitted to tracked landmarks moved or resized by more than {@link #DRIFT_LIMIT}. */
  static boolean hasDrifted(FaceBox before, FaceBox after) {
    double limit = DRIFT_LIMIT * before.width();
    return Math.abs(after.centreX() - before.centreX()) > limit || Math.abs(after.centreY() - before.centreY()) > limit
        || Math.abs(after.width() - before.width()) > limit;
  }

  /** Frames whose tracked landmarks degraded and were detected again (detection interval > 1). */
  public long redetections() {
    return redetections;
  }

  /** The landmark sanity rule of the class documentation. */
  static boolean isPlausible(FaceLandmarks landmarks, FaceBox box) {
    double[] right = landmarks.rightEyeCentre();
    double[] left = landmarks.leftEyeCentre();
    if (!box.contains(right[0], right[1]) || !box.contains(left[0], left[1]) || right[0] >= left[0]) {
      return false;
    }
    double ratio = landmarks.interocularDistance() / box.width();
    return ratio >= 0.2 && ratio <= 0.7;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        frames.close();
      } finally {
        detector.close();
      }
    }
  }
}
