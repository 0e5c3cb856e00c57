package org.tnas.pipelines.face;

import java.util.Objects;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Cuts a standardised face (or the right-eye region) out of a gray frame, given its 68 landmarks.
 *
 * <p>Face rule: the eye centres are the means of landmarks 36-41 (the subject's right eye, on the
 * image's left) and 42-47; the frame is rotated about their midpoint so that the eyes are level;
 * the crop is the square of side {@code interocular distance / eyeDistanceFraction} whose vertical
 * centre line passes through the eye midpoint, with the eye line {@code eyeRowFraction} of the side
 * below its top (defaults 0.30 and 0.40: brows, both cheeks and the chin are inside, the ears and hair
 * mostly outside). The rotation and crop are one bilinear warp at the source's scale (pixels outside
 * the frame replicate the border), then the square is resized to {@code faceSize} with OpenCV's
 * INTER_AREA (v2e's resize). The input is already gray; the output stays float 0..255.
 *
 * <p>Eye-region rule (SEE-like input): in the same eye-levelled frame, the bounding box of the
 * subject's right eye (36-41) and right brow (17-21) - on the image's LEFT for an unmirrored camera -
 * is made square around its centre with side {@code max(width, height) * (1 + 2 eyeMarginFraction)},
 * cut out and resized to {@code eyeRegionSize}.
 *
 * <p>Stateless apart from its options; thread safe (each call uses its own native matrices).
 */
public final class FaceAligner {
  private final AlignmentOptions options;

  public FaceAligner(AlignmentOptions options) {
    this.options = Objects.requireNonNull(options, "options is null");
  }

  public AlignmentOptions options() {
    return options;
  }

  /** The aligned face, {@code faceSize * faceSize} gray values, row-major. */
  public float[] alignFace(float[] gray, int width, int height, FaceLandmarks landmarks) {
    check(gray, width, height, landmarks);
    double[] square = faceSquare(landmarks);
    return cut(gray, width, height, landmarks, square, options.faceSize());
  }

  /** The right-eye region, {@code eyeRegionSize * eyeRegionSize} gray values, row-major. */
  public float[] alignEyeRegion(float[] gray, int width, int height, FaceLandmarks landmarks) {
    check(gray, width, height, landmarks);
    return cut(gray, width, height, landmarks, eyeSquare(landmarks), options.eyeRegionSize());
  }

  /**
   * The affine map {m00, m01, m02, m10, m11, m12} from source pixel coordinates to the aligned
   * face's pixel coordinates ({@code x' = m00 x + m01 y + m02}, {@code y' = m10 x + m11 y + m12}).
   */
  public double[] faceTransform(FaceLandmarks landmarks) {
    return transform(landmarks, faceSquare(landmarks), options.faceSize());
  }

  /** The affine map from source pixel coordinates to the eye region's pixel coordinates. */
  public double[] eyeRegionTransform(FaceLandmarks landmarks) {
    return transform(landmarks, eyeSquare(landmarks), options.eyeRegionSize());
  }

  private static void check(float[] gray, int width, int height, FaceLandmarks landmarks) {
    Objects.requireNonNull(gray, "gray is null");
    Objects.requireNonNull(landmarks, "landmarks is null");
    if (width < 1 || height < 1 || gray.length != width * height) {
      throw new IllegalArgumentException("Invalid image: " + gray.length + " pixels for " + width + "x" + height);
    }
  }

  /** The eye-levelled frame: {cos, sin, midX, midY} of the rotation about the eye midpoint. */
  private static double[] levelling(FaceLandmarks landmarks) {
    double[] right = landmarks.rightEyeCentre();
    double[] left = landmarks.leftEyeCentre();
    double angle = Math.atan2(left[1] - right[1], left[0] - right[0]);
    return new double[] {Math.cos(angle), Math.sin(angle), (right[0] + left[0]) / 2, (right[1] + left[1]) / 2};
  }

  /** The crop square in the levelled frame (origin at the eye midpoint): {centreX, centreY, side}. */
  private double[] faceSquare(FaceLandmarks landmarks) {
    double side = Math.max(1e-3, landmarks.interocularDistance()) / options.eyeDistanceFraction();
    return new double[] {0, side * (0.5 - options.eyeRowFraction()), side};
  }

  private double[] eyeSquare(FaceLandmarks landmarks) {
    double[] level = levelling(landmarks);
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    int[] points = {17, 18, 19, 20, 21, 36, 37, 38, 39, 40, 41};
    for (int i : points) {
      double dx = landmarks.x(i) - level[2];
      double dy = landmarks.y(i) - level[3];
      double x = level[0] * dx + level[1] * dy;
      double y = -level[1] * dx + level[0] * dy;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    double side = Math.max(1, Math.max(maxX - minX, maxY - minY)) * (1 + 2 * options.eyeMarginFraction());
    return new double[] {(minX + maxX) / 2, (minY + maxY) / 2, side};
  }

  /** Source -> output pixel map for a square {centreX, centreY, side} of the levelled frame and an output side. */
  private static double[] transform(FaceLandmarks landmarks, double[] square, int size) {
    double[] level = levelling(landmarks);
    double scale = size / square[2];
    double cos = level[0];
    double sin = level[1];
    // levelled coordinates: u = R(-angle) (p - mid); output = scale (u - centre) + size/2
    double m00 = scale * cos;
    double m01 = scale * sin;
    double m10 = -scale * sin;
    double m11 = scale * cos;
    double m02 = -(m00 * level[2] + m01 * level[3]) - scale * square[0] + size / 2.0;
    double m12 = -(m10 * level[2] + m11 * level[3]) - scale * square[1] + size / 2.0;
    return new double[] {m00, m01, m02, m10, m11, m12};
  }

  private static float[] cut(float[] gray, int width, int height, FaceLandmarks landmarks, double[] square, int size) {
    // rotate and crop at the source's own scale (bilinear), then INTER_AREA to the output size
    int side = (int) Math.max(1, Math.min(8192, Math.round(square[2])));
    double[] m = transform(landmarks, square, side);
    try (Mat source = new Mat(height, width, opencv_core.CV_32FC1); Mat matrix = new Mat(2, 3, opencv_core.CV_64FC1);
        Mat crop = new Mat(); Mat resized = new Mat(); Size cropSize = new Size(side, side);
        Size outputSize = new Size(size, size); Scalar border = new Scalar(0.0)) {
      new FloatPointer(source.data()).put(gray, 0, gray.length);
      new DoublePointer(matrix.data()).put(m, 0, 6);
      opencv_imgproc.warpAffine(source, crop, matrix, cropSize, opencv_imgproc.INTER_LINEAR,
          opencv_core.BORDER_REPLICATE, border);
      Mat result = crop;
      if (side != size) {
        opencv_imgproc.resize(crop, resized, outputSize, 0, 0, opencv_imgproc.INTER_AREA);
        result = resized;
      }
      float[] out = new float[size * size];
      new FloatPointer(result.data()).get(out, 0, out.length);
      return out;
    }
  }
}
