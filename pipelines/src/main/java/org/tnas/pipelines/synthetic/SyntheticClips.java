package org.tnas.pipelines.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tnas.formats.util.Seeds;

/**
 * Deterministic synthetic expression clips, labelled dataset {@value #DATASET}: cartoon faces
 * (brows, eyes, mouth, nose) and single-eye crops (brow, lids, iris) whose motion from neutral to apex
 * depends on the emotion class, so that a small network can learn to tell the classes apart from the
 * emulated events. They are NOT real data: use them for smoke tests, benchmarks and pipeline checks.
 *
 * <p>Each class has characteristic action amplitudes (brow raise, inner-brow raise or furrow, eye
 * opening, mouth width/opening/curvature; for eyes also gaze) and onset speed. Every sample jitters
 * amplitudes (x0.7..1.3), speed, onset, position, size, skin level, lighting, a drifting head offset,
 * an occasional blink and pixel noise, all drawn from {@code Seeds.derive(seed, kind, class, sample)};
 * the face shape of a subject ({@code sampleIndex % SUBJECTS}) is drawn from the seed and the subject.
 * Same arguments, same frames (bit for bit). Stateless and thread safe.
 */
public final class SyntheticClips {
  /** The dataset name used for every synthetic sample. */
  public static final String DATASET = "synthetic";

  /** The Spiking-FER class order (labels 1..6 in its folds files, 0..5 here). */
  public static final List<String> FACE_CLASSES =
      List.of("happy", "fear", "surprise", "anger", "disgust", "sadness");

  /** The SEE class order (7 classes, the TNAS-ER eye task). */
  public static final List<String> EYE_CLASSES =
      List.of("angry", "disgust", "fear", "happiness", "neutral", "sadness", "surprise");

  /** Number of synthetic subjects; the subject of a sample is {@code sampleIndex % SUBJECTS}. */
  public static final int SUBJECTS = 10;

  /** Frame rate of the clips (the benchmarks' 30 fps). */
  public static final double FPS = 30.0;

  // brow raise, inner brow (+ up, - furrow), eye opening, mouth width, mouth opening, mouth curve, speed
  private static final double[][] FACE_ACTIONS = {
    {0.0, 0.0, -0.3, 0.35, 0.15, 1.0, 1.0}, // happy
    {0.5, 0.6, 0.6, 0.25, 0.35, -0.3, 1.3}, // fear
    {1.0, 0.0, 0.8, -0.15, 1.0, 0.0, 1.6}, // surprise
    {-0.5, -0.9, -0.4, -0.2, 0.0, -0.2, 1.2}, // anger
    {-0.3, -0.3, -0.6, 0.1, 0.25, -0.6, 0.9}, // disgust
    {0.0, 0.8, -0.2, -0.1, 0.0, -0.8, 0.6}, // sadness
  };

  // brow raise, inner brow, eye opening, gaze x, gaze y, speed
  private static final double[][] EYE_ACTIONS = {
    {-0.6, -0.8, -0.3, 0.0, 0.0, 1.2}, // angry
    {-0.3, -0.2, -0.6, 0.0, 0.2, 0.9}, // disgust
    {0.6, 0.6, 0.6, -0.3, 0.0, 1.3}, // fear
    {0.1, 0.0, -0.5, 0.0, 0.0, 1.0}, // happiness
    {0.0, 0.0, 0.0, 0.0, 0.0, 1.0}, // neutral
    {0.0, 0.8, -0.2, 0.0, 0.4, 0.6}, // sadness
    {1.0, 0.0, 0.8, 0.0, -0.1, 1.6}, // surprise
  };

  private SyntheticClips() {}

  /**
   * A face clip of class {@code classIndex} (see {@link #FACE_CLASSES}) at {@link #FPS}.
   *
   * @throws IllegalArgumentException for a class outside 0..5, a negative sample index, fewer than 2
   *     frames or a side below 16 pixels
   */
  public static FrameSequence face(int classIndex, int sampleIndex, long seed, int frames, int width, int height) {
    check(classIndex, FACE_CLASSES.size(), sampleIndex, frames, width, height);
    SplittableRandom random = Seeds.random(seed, Seeds.stableHash("face"), classIndex, sampleIndex);
    SplittableRandom subject = Seeds.random(seed, Seeds.stableHash("face-subject"), sampleIndex % SUBJECTS);
    double[] action = jitter(FACE_ACTIONS[classIndex], random);
    double size = Math.min(width, height);
    double radius = size * 0.42 * (0.92 + 0.12 * subject.nextDouble()) * (0.95 + 0.1 * random.nextDouble());
    double eyeSpacing = 0.32 + 0.06 * subject.nextDouble();
    double mouthLevel = 0.45 + 0.1 * subject.nextDouble();
    double skin = 120 + 70 * subject.nextDouble();
    double centerX = width / 2.0 + size * 0.05 * (2 * random.nextDouble() - 1);
    double centerY = height / 2.0 + size * 0.05 * (2 * random.nextDouble() - 1);
    Motion motion = new Motion(random, action[6]);
    double light = 0.8 + 0.4 * random.nextDouble();
    double noise = 2.0 * random.nextDouble();
    double top = (30 + 40 * random.nextDouble()) * light;
    double bottom = (60 + 60 * random.nextDouble()) * light;
    List<float[]> out = new ArrayList<>(frames);
    for (int f = 0; f < frames; f++) {
      double phase = (double) f / (frames - 1);
      double p = motion.progress(phase);
      double cx = centerX + motion.driftX(phase) * size;
      double cy = centerY + motion.driftY(phase) * size;
      double r = radius;
      Canvas canvas = new Canvas(width, height);
      canvas.background(top, bottom);
      canvas.ellipse(cx, cy, 0.8 * r, r, 0, skin * light);
      double eyeY = cy - 0.15 * r;
      double open = Math.max(0.1, 1 + action[2] * p) * motion.blink(phase);
      for (int side = -1; side <= 1; side += 2) {
        double ex = cx + side * eyeSpacing * r;
        canvas.ellipse(ex, eyeY, 0.17 * r, 0.08 * r * open, 0, 225 * light);
        canvas.ellipse(ex, eyeY, 0.07 * r, Math.min(0.07, 0.08 * open) * r, 0, 30);
        double browY = eyeY - 0.2 * r - action[0] * p * 0.12 * r;
        double innerY = browY - action[1] * p * 0.1 * r;
        double innerX = ex - side * (0.18 - 0.04 * Math.min(0, action[1]) * p) * r;
        canvas.segment(ex + side * 0.2 * r, browY, innerX, innerY, 0.06 * r, 45);
      }
      canvas.segment(cx, cy - 0.05 * r, cx, cy + 0.22 * r, 0.05 * r, skin * light * 0.7);
      double mouthY = cy + mouthLevel * r;
      canvas.ellipse(cx, mouthY, 0.3 * r * (1 + action[3] * p), 0.04 * r + 0.18 * r * Math.max(0, action[4]) * p,
          action[5] * p * 0.12 * r, 55);
      canvas.finish(random, noise);
      out.add(canvas.pixels);
    }
    return new FrameSequence(width, height, FPS, out);
  }

  /**
   * A single-eye clip (SEE style: the right eye with its brow) of class {@code classIndex} (see
   * {@link #EYE_CLASSES}) at {@link #FPS}; e.g. 64 x 48.
   */
  public static FrameSequence eye(int classIndex, int sampleIndex, long seed, int frames, int width, int height) {
    check(classIndex, EYE_CLASSES.size(), sampleIndex, frames, width, height);
    SplittableRandom random = Seeds.random(seed, Seeds.stableHash("eye"), classIndex, sampleIndex);
    SplittableRandom subject = Seeds.random(seed, Seeds.stableHash("eye-subject"), sampleIndex % SUBJECTS);
    double[] action = jitter(EYE_ACTIONS[classIndex], random);
    double skin = 120 + 70 * subject.nextDouble();
    double eyeWidth = width * (0.30 + 0.06 * subject.nextDouble());
    double eyeHeight = height * (0.15 + 0.04 * subject.nextDouble());
    double iris = Math.min(eyeWidth * 0.35, height * 0.16);
    double centerX = width * 0.5 + width * 0.05 * (2 * random.nextDouble() - 1);
    double centerY = height * 0.58 + height * 0.05 * (2 * random.nextDouble() - 1);
    Motion motion = new Motion(random, action[5]);
    double light = 0.8 + 0.4 * random.nextDouble();
    double noise = 2.0 * random.nextDouble();
    List<float[]> out = new ArrayList<>(frames);
    for (int f = 0; f < frames; f++) {
      double phase = (double) f / (frames - 1);
      double p = motion.progress(phase);
      double cx = centerX + motion.driftX(phase) * width;
      double cy = centerY + motion.driftY(phase) * height;
      Canvas canvas = new Canvas(width, height);
      canvas.background(skin * light, skin * light * 0.85);
      double open = Math.max(0.08, 1 + action[2] * p) * motion.blink(phase);
      double ry = eyeHeight * open;
      canvas.ellipse(cx, cy, eyeWidth, ry, 0, 230 * light);
      double gazeX = cx + action[3] * p * eyeWidth * 0.5;
      double gazeY = cy + action[4] * p * eyeHeight * 0.5;
      canvas.ellipse(gazeX, gazeY, iris, Math.min(iris, ry), 0, 35);
      canvas.ellipse(gazeX, gazeY, iris * 0.45, Math.min(iris * 0.45, ry), 0, 10);
      canvas.segment(cx - eyeWidth, cy, cx + eyeWidth, cy - ry * 0.2, Math.max(1.0, height * 0.03), skin * light * 0.6);
      double browY = cy - eyeHeight - height * 0.18 - action[0] * p * height * 0.1;
      double innerY = browY - action[1] * p * height * 0.08;
      canvas.segment(cx + eyeWidth * 1.1, browY + height * 0.03, cx - eyeWidth * 0.9, innerY, height * 0.07, 45);
      canvas.finish(random, noise);
      out.add(canvas.pixels);
    }
    return new FrameSequence(width, height, FPS, out);
  }

  private static void check(int classIndex, int classes, int sampleIndex, int frames, int width, int height) {
    if (classIndex < 0 || classIndex >= classes) {
      throw new IllegalArgumentException("Invalid class index: " + classIndex);
    }
    if (sampleIndex < 0) {
      throw new IllegalArgumentException("Invalid sample index: " + sampleIndex);
    }
    if (frames < 2) {
      throw new IllegalArgumentException("Invalid frame count: " + frames);
    }
    if (width < 16 || width > Short.MAX_VALUE) {
      throw new IllegalArgumentException("Invalid width: " + width);
    }
    if (height < 16 || height > Short.MAX_VALUE) {
      throw new IllegalArgumentException("Invalid height: " + height);
    }
  }

  private static double[] jitter(double[] action, SplittableRandom random) {
    double[] out = action.clone();
    int last = out.length - 1;
    for (int i = 0; i < last; i++) {
      out[i] *= 0.7 + 0.6 * random.nextDouble();
      out[i] += 0.05 * (2 * random.nextDouble() - 1); // small actions even where the class has none
    }
    out[last] *= Math.exp(0.3 * (2 * random.nextDouble() - 1)); // speed x0.74..1.35
    return out;
  }

  /** Per-sample timing: onset, speed, head drift and an optional blink. */
  private static final class Motion {
    private final double onset;
    private final double speed;
    private final double driftX;
    private final double driftY;
    private final double blinkAt;

    Motion(SplittableRandom random, double speed) {
      this.onset = 0.05 + 0.2 * random.nextDouble();
      this.speed = speed;
      this.driftX = 0.03 * (2 * random.nextDouble() - 1);
      this.driftY = 0.03 * (2 * random.nextDouble() - 1);
      this.blinkAt = random.nextDouble() < 0.3 ? 0.1 + 0.8 * random.nextDouble() : -1;
    }

    /** Neutral (0) to apex (1), smooth. */
    double progress(double phase) {
      double x = Math.max(0, Math.min(1, (phase - onset) * speed / 0.55));
      return x * x * (3 - 2 * x);
    }

    double driftX(double phase) {
      return driftX * phase;
    }

    double driftY(double phase) {
      return driftY * Math.sin(Math.PI * phase);
    }

    /** Eye-opening factor of a blink lasting 8 % of the clip. */
    double blink(double phase) {
      if (blinkAt < 0) {
        return 1;
      }
      double distance = Math.abs(phase - blinkAt) / 0.04;
      return distance >= 1 ? 1 : 0.15 + 0.85 * distance;
    }
  }
}
