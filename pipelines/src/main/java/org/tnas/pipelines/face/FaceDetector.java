package org.tnas.pipelines.face;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.tnas.formats.errors.ProjectException;

/**
 * Frontal face detection with OpenCV's Haar cascade classifier (through JavaCV) and Debian's
 * cascade files (package opencv-data). The gray frame is rounded to 8 bits and histogram-equalised
 * before detection (OpenCV's usual practice for Haar cascades); {@code detectMultiScale} runs with
 * scale factor 1.1, 4 neighbours and a minimum face side of 1/8 of the frame's smaller side.
 *
 * <p>Holds a native classifier: not thread safe (one per task), close it after use.
 */
public final class FaceDetector implements AutoCloseable {
  /** Debian's folder of OpenCV Haar cascades (package opencv-data). */
  public static final String DEBIAN_CASCADE_DIRECTORY = "/usr/share/opencv4/haarcascades";
  /** The default cascade, {@code haarcascade_frontalface_default.xml} in {@link #DEBIAN_CASCADE_DIRECTORY}. */
  public static final String DEFAULT_CASCADE = DEBIAN_CASCADE_DIRECTORY + "/haarcascade_frontalface_default.xml";

  private final CascadeClassifier classifier;
  private final String cascade;

  private FaceDetector(CascadeClassifier classifier, String cascade) {
    this.classifier = classifier;
    this.cascade = cascade;
  }

  /** Whether Debian's default cascade is installed. */
  public static boolean isDefaultCascadeInstalled() {
    return Files.isRegularFile(Paths.get(DEFAULT_CASCADE));
  }

  /** A detector with {@link #DEFAULT_CASCADE}. */
  public static FaceDetector openDefault() {
    return open(Paths.get(DEFAULT_CASCADE));
  }

  /**
   * A detector with the cascade XML file {@code cascadeFile}.
   *
   * @throws ProjectException MODEL_NOT_FOUND when the file is absent, INVALID_MODEL when OpenCV
   *     cannot load it
   */
  public static FaceDetector open(Path cascadeFile) {
    Objects.requireNonNull(cascadeFile, "cascadeFile is null");
    if (!Files.isRegularFile(cascadeFile)) {
      throw new ProjectException(FaceErrorCode.MODEL_NOT_FOUND, "Cannot find the face detector cascade: " + cascadeFile
          + " (Debian: apt-get install opencv-data)");
    }
    CascadeClassifier classifier = new CascadeClassifier();
    boolean loaded;
    try {
      loaded = classifier.load(cascadeFile.toString());
    } catch (RuntimeException e) {
      loaded = false;
    }
    if (!loaded || classifier.empty()) {
      classifier.close();
      throw new ProjectException(FaceErrorCode.INVALID_MODEL, "Invalid face detector cascade " + cascadeFile
          + ": OpenCV cannot load it");
    }
    return new FaceDetector(classifier, cascadeFile.toString());
  }

  /** The cascade file. */
  public String cascade() {
    return cascade;
  }

  /**
   * The smallest face, in pixels, the cascade is asked to find: larger sought faces are searched in
   * a proportionally shrunk image (INTER_AREA).
   */
  public static final int SMALLEST_SEARCHED_FACE = 32;

  /** All faces found, as boxes (largest first). */
  public List<FaceBox> detect(float[] gray, int width, int height) {
    return detect(gray, width, height, Math.max(20, Math.min(width, height) / 8), 0);
  }

  private List<FaceBox> detect(float[] gray, int width, int height, int minimum, int maximum) {
    if (gray == null) {
      throw new NullPointerException("gray is null");
    }
    if (width < 1 || height < 1 || gray.length != width * height) {
      throw new IllegalArgumentException("Invalid image: " + gray.length + " pixels for " + width + "x" + height);
    }
    byte[] bytes = new byte[gray.length];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Math.max(0, Math.min(255, Math.round(gray[i])));
    }
    // the cascade's window is 24x24: searching faces of at least SMALLEST_SEARCHED_FACE pixels in an
    // image shrunk so, instead of faces of `minimum` pixels at full size, gives the same boxes
    // (scaled back) at a fraction of the cost on large frames
    double shrink = Math.max(1.0, minimum / (double) SMALLEST_SEARCHED_FACE);
    int searchWidth = Math.max(1, (int) Math.round(width / shrink));
    int searchHeight = Math.max(1, (int) Math.round(height / shrink));
    double scaleX = width / (double) searchWidth;
    double scaleY = height / (double) searchHeight;
    int searchMinimum = (int) Math.max(1, Math.floor(minimum / scaleX));
    int searchMaximum = maximum > 0 ? (int) Math.ceil(maximum / scaleX) : 0;
    List<FaceBox> faces = new ArrayList<>();
    try (Mat image = new Mat(height, width, opencv_core.CV_8UC1); Mat small = new Mat(); Mat equalised = new Mat();
        RectVector found = new RectVector(); Size searchSize = new Size(searchWidth, searchHeight);
        Size minSize = new Size(searchMinimum, searchMinimum);
        Size maxSize = searchMaximum > 0 ? new Size(searchMaximum, searchMaximum) : new Size()) {
      image.data().put(bytes, 0, bytes.length);
      if (shrink > 1.0) {
        opencv_imgproc.resize(image, small, searchSize, 0, 0, opencv_imgproc.INTER_AREA);
        opencv_imgproc.equalizeHist(small, equalised);
      } else {
        opencv_imgproc.equalizeHist(image, equalised);
      }
      classifier.detectMultiScale(equalised, found, 1.1, 4, 0, minSize, maxSize);
      for (long i = 0; i < found.size(); i++) {
        Rect rect = found.get(i);
        faces.add(new FaceBox(rect.x() * scaleX, rect.y() * scaleY, (rect.x() + rect.width()) * scaleX - 1,
            (rect.y() + rect.height()) * scaleY - 1));
      }
    }
    faces.sort((a, b) -> Double.compare(b.width() * b.height(), a.width() * a.height()));
    return faces;
  }

  /**
   * The largest face near a face of the previous frame: the search runs only in the square region
   * of twice the previous box's size around its centre, for faces from 0.6 to 1.6 times its width
   * (about ten times faster than a whole-frame search); falls back to the whole frame when that
   * region holds no face.
   */
  public Optional<FaceBox> detectNear(float[] gray, int width, int height, FaceBox previous) {
    Objects.requireNonNull(previous, "previous is null");
    double side = 2 * Math.max(previous.width(), previous.height());
    int x0 = (int) Math.max(0, Math.floor(previous.centreX() - side / 2));
    int y0 = (int) Math.max(0, Math.floor(previous.centreY() - side / 2));
    int x1 = (int) Math.min(width, Math.ceil(previous.centreX() + side / 2));
    int y1 = (int) Math.min(height, Math.ceil(previous.centreY() + side / 2));
    int regionWidth = x1 - x0;
    int regionHeight = y1 - y0;
    int minimum = (int) Math.max(20, 0.6 * previous.width());
    int maximum = (int) Math.ceil(1.6 * previous.width());
    if (regionWidth > minimum && regionHeight > minimum) {
      float[] region = new float[regionWidth * regionHeight];
      for (int y = 0; y < regionHeight; y++) {
        System.arraycopy(gray, (y0 + y) * width + x0, region, y * regionWidth, regionWidth);
      }
      List<FaceBox> faces = detect(region, regionWidth, regionHeight, minimum, maximum);
      if (!faces.isEmpty()) {
        FaceBox face = faces.get(0);
        return Optional.of(new FaceBox(face.left() + x0, face.top() + y0, face.right() + x0, face.bottom() + y0));
      }
    }
    return detectLargest(gray, width, height);
  }

  /** The largest face found, if any. */
  public Optional<FaceBox> detectLargest(float[] gray, int width, int height) {
    List<FaceBox> faces = detect(gray, width, height);
    return faces.isEmpty() ? Optional.empty() : Optional.of(faces.get(0));
  }

  @Override
  public void close() {
    classifier.close();
  }
}
