package org.tnas.pipelines.face;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.tnas.formats.errors.ProjectException;

/**
 * dlib's 68-point facial landmark model (an ensemble of regression trees, Kazemi and Sullivan 2014)
 * read from dlib's own serialisation of {@code shape_predictor} (Debian package libdlib-data:
 * {@value #DEBIAN_MODEL_PATH}), and its inference, ported to Java.
 *
 * <p>The file holds, in dlib's serialisation: the version int 1; the initial (mean) shape as a
 * float column matrix of 136 values {@code x0 y0 x1 y1 ...} in box-normalised coordinates ((0,0)
 * the box's top-left pixel, (1,1) its bottom-right pixel); the forests, a vector (one per cascade
 * level) of vectors of trees, each tree a vector of splits {@code (idx1, idx2, threshold)} in
 * breadth-first order and a vector of leaf vectors (136 floats each); and per cascade the anchor
 * landmark index and the (dx, dy) offset of every feature pixel. Integers use dlib's
 * variable-length encoding (a control byte: bit 7 the sign, low 4 bits the number of following
 * little-endian bytes); a float is a signed mantissa followed by a signed exponent (value
 * {@code mantissa * 2^exponent}, exponents 32000/32001/32002 meaning +inf/-inf/NaN); a matrix is
 * its row and column counts (written negated by current dlib) then its elements row by row; a
 * vector is its unsigned length then its elements.
 *
 * <p>Inference ({@link #predict}) follows dlib: start from the mean shape; per cascade level, fit the
 * similarity transform (least squares, Umeyama) from the mean shape to the current shape, place
 * every feature pixel at its anchor landmark of the current shape plus the transformed offset, map
 * it into the image through the box, round to the nearest pixel and read its intensity (0 outside
 * the image); then walk every tree (left child when {@code value[idx1] - value[idx2] > threshold})
 * and add its leaf vector to the shape. The result is mapped through the box into image pixels.
 *
 * <p>Immutable and thread safe after loading; not serialisable (executors load it through {@link
 * #shared(Path)}, once per JVM). Holds about 45 MB of floats.
 */
public final class Dlib68Model {
  /** Where Debian's libdlib-data installs the model. */
  public static final String DEBIAN_MODEL_PATH = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

  private static final Map<Path, Dlib68Model> SHARED = new ConcurrentHashMap<>();

  private final float[] initialShape;
  private final int cascades;
  private final int treesPerCascade;
  private final int splitsPerTree;
  private final int featuresPerCascade;
  /** [cascade][tree * splitsPerTree + split]. */
  private final int[][] splitFirst;
  private final int[][] splitSecond;
  private final float[][] splitThreshold;
  /** [cascade][(tree * leavesPerTree + leaf) * 136 + coordinate]. */
  private final float[][] leafValues;
  /** [cascade][feature]. */
  private final int[][] anchor;
  private final float[][] deltaX;
  private final float[][] deltaY;

  private Dlib68Model(float[] initialShape, int cascades, int treesPerCascade, int splitsPerTree, int featuresPerCascade,
      int[][] splitFirst, int[][] splitSecond, float[][] splitThreshold, float[][] leafValues, int[][] anchor,
      float[][] deltaX, float[][] deltaY) {
    this.initialShape = initialShape;
    this.cascades = cascades;
    this.treesPerCascade = treesPerCascade;
    this.splitsPerTree = splitsPerTree;
    this.featuresPerCascade = featuresPerCascade;
    this.splitFirst = splitFirst;
    this.splitSecond = splitSecond;
    this.splitThreshold = splitThreshold;
    this.leafValues = leafValues;
    this.anchor = anchor;
    this.deltaX = deltaX;
    this.deltaY = deltaY;
  }

  /** The model at Debian's path, loaded once per JVM. */
  public static Dlib68Model debian() {
    return shared(Paths.get(DEBIAN_MODEL_PATH));
  }

  /** Whether Debian's model file is installed. */
  public static boolean isDebianModelInstalled() {
    return Files.isRegularFile(Paths.get(DEBIAN_MODEL_PATH));
  }

  /** The model in {@code file}, loaded once per JVM and shared by all callers (it is immutable). */
  public static Dlib68Model shared(Path file) {
    Objects.requireNonNull(file, "file is null");
    return SHARED.computeIfAbsent(file.toAbsolutePath().normalize(), Dlib68Model::load);
  }

  /**
   * Reads a model file.
   *
   * @throws ProjectException MODEL_NOT_FOUND when the file is absent, INVALID_MODEL when it is not a
   *     68-point dlib shape predictor
   */
  public static Dlib68Model load(Path file) {
    Objects.requireNonNull(file, "file is null");
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new ProjectException(FaceErrorCode.MODEL_NOT_FOUND, "Cannot find the dlib landmark model: " + file
          + " (Debian: apt-get install libdlib-data)", e);
    } catch (IOException e) {
      throw new ProjectException(FaceErrorCode.INVALID_MODEL, "Cannot read the dlib landmark model " + file + ": "
          + e.getMessage(), e);
    }
  }

  /** Reads a model from a stream (not closed); {@code source} names it in errors. */
  public static Dlib68Model read(InputStream stream, String source) throws IOException {
    Objects.requireNonNull(stream, "stream is null");
    Objects.requireNonNull(source, "source is null");
    DlibInput in = new DlibInput(stream);
    try {
      long version = in.readSigned();
      if (version != 1) {
        throw invalid(source, "unsupported shape_predictor version " + version + " (expected 1)");
      }
      float[] initial = in.readFloatMatrix();
      if (initial.length != 2 * FaceLandmarks.COUNT) {
        throw invalid(source, "the mean shape has " + initial.length / 2 + " points, expected " + FaceLandmarks.COUNT);
      }
      int cascades = in.readLength();
      if (cascades < 1) {
        throw invalid(source, "no cascade");
      }
      int trees = -1;
      int splits = -1;
      int[][] first = new int[cascades][];
      int[][] second = new int[cascades][];
      float[][] thresholds = new float[cascades][];
      float[][] leaves = new float[cascades][];
      for (int c = 0; c < cascades; c++) {
        int count = in.readLength();
        if (trees < 0) {
          trees = count;
        } else if (count != trees) {
          throw invalid(source, "cascade " + c + " has " + count + " trees, cascade 0 has " + trees);
        }
        for (int t = 0; t < trees; t++) {
          int splitCount = in.readLength();
          if (splits < 0) {
            splits = splitCount;
            if (Integer.bitCount(splits + 1) != 1) {
              throw invalid(source, "a tree with " + splits + " splits is not a full binary tree");
            }
          }
          if (splitCount != splits) {
            throw invalid(source, "tree " + t + " of cascade " + c + " has " + splitCount + " splits, expected " + splits);
          }
          if (first[c] == null) {
            first[c] = new int[trees * splits];
            second[c] = new int[trees * splits];
            thresholds[c] = new float[trees * splits];
            leaves[c] = new float[trees * (splits + 1) * initial.length];
          }
          for (int s = 0; s < splits; s++) {
            first[c][t * splits + s] = in.readLength();
            second[c][t * splits + s] = in.readLength();
            thresholds[c][t * splits + s] = in.readFloat();
          }
          int leafCount = in.readLength();
          if (leafCount != splits + 1) {
            throw invalid(source, "tree " + t + " of cascade " + c + " has " + leafCount + " leaves for " + splits
                + " splits");
          }
          for (int leaf = 0; leaf < leafCount; leaf++) {
            int offset = (t * leafCount + leaf) * initial.length;
            float[] values = in.readFloatMatrix();
            if (values.length != initial.length) {
              throw invalid(source, "a leaf of tree " + t + " of cascade " + c + " has " + values.length + " values");
            }
            System.arraycopy(values, 0, leaves[c], offset, values.length);
          }
        }
      }
      int[][] anchors = new int[cascades][];
      if (in.readLength() != cascades) {
        throw invalid(source, "the anchor table does not have one row per cascade");
      }
      int features = -1;
      for (int c = 0; c < cascades; c++) {
        int count = in.readLength();
        if (features < 0) {
          features = count;
        } else if (count != features) {
          throw invalid(source, "cascade " + c + " has " + count + " feature pixels, cascade 0 has " + features);
        }
        anchors[c] = new int[features];
        for (int f = 0; f < features; f++) {
          anchors[c][f] = in.readLength();
          if (anchors[c][f] >= FaceLandmarks.COUNT) {
            throw invalid(source, "anchor landmark " + anchors[c][f] + " out of range");
          }
        }
      }
      if (in.readLength() != cascades) {
        throw invalid(source, "the offset table does not have one row per cascade");
      }
      float[][] dx = new float[cascades][features];
      float[][] dy = new float[cascades][features];
      for (int c = 0; c < cascades; c++) {
        int count = in.readLength();
        if (count != features) {
          throw invalid(source, "cascade " + c + " has " + count + " offsets for " + features + " feature pixels");
        }
        for (int f = 0; f < features; f++) {
          dx[c][f] = in.readFloat();
          dy[c][f] = in.readFloat();
        }
      }
      for (int c = 0; c < cascades; c++) {
        for (int i = 0; i < first[c].length; i++) {
          if (first[c][i] >= features || second[c][i] >= features) {
            throw invalid(source, "a split of cascade " + c + " reads feature pixel " + Math.max(first[c][i],
                second[c][i]) + " of " + features);
          }
        }
      }
      return new Dlib68Model(initial, cascades, trees, splits, features, first, second, thresholds, leaves, anchors, dx,
          dy);
    } catch (EOFException e) {
      throw invalid(source, "the file ends early, at byte " + in.position());
    } catch (IllegalStateException e) {
      throw invalid(source, e.getMessage() + " at byte " + in.position());
    }
  }

  private static ProjectException invalid(String source, String reason) {
    return new ProjectException(FaceErrorCode.INVALID_MODEL, "Invalid dlib shape predictor " + source + ": " + reason);
  }

  public int cascadeCount() {
    return cascades;
  }

  public int treesPerCascade() {
    return treesPerCascade;
  }

  /** Depth of every tree (number of split levels). */
  public int treeDepth() {
    return Integer.numberOfTrailingZeros(splitsPerTree + 1);
  }

  public int featurePixelsPerCascade() {
    return featuresPerCascade;
  }

  /** The mean shape in box-normalised coordinates {@code x0 y0 x1 y1 ...} (a copy). */
  public float[] initialShape() {
    return initialShape.clone();
  }

  /**
   * The 68 landmarks of the face in {@code box}.
   *
   * @param gray row-major gray image, intensities as dlib reads 8-bit pixels (0..255)
   */
  public FaceLandmarks predict(float[] gray, int width, int height, FaceBox box) {
    Objects.requireNonNull(gray, "gray is null");
    Objects.requireNonNull(box, "box is null");
    if (width < 1 || height < 1 || gray.length != width * height) {
      throw new IllegalArgumentException("Invalid image: " + gray.length + " pixels for " + width + "x" + height);
    }
    int points = initialShape.length;
    float[] shape = initialShape.clone();
    float[] features = new float[featuresPerCascade];
    int[] leafOffsets = new int[treesPerCascade];
    double scaleX = box.right() - box.left();
    double scaleY = box.bottom() - box.top();
    int leaves = splitsPerTree + 1;
    for (int c = 0; c < cascades; c++) {
      float[] m = similarity(initialShape, shape);
      int[] anchors = anchor[c];
      float[] dxs = deltaX[c];
      float[] dys = deltaY[c];
      for (int f = 0; f < featuresPerCascade; f++) {
        float dx = dxs[f];
        float dy = dys[f];
        float px = m[0] * dx + m[1] * dy + shape[2 * anchors[f]];
        float py = m[2] * dx + m[3] * dy + shape[2 * anchors[f] + 1];
        long x = (long) Math.floor(box.left() + scaleX * px + 0.5);
        long y = (long) Math.floor(box.top() + scaleY * py + 0.5);
        features[f] = x >= 0 && y >= 0 && x < width && y < height ? gray[(int) y * width + (int) x] : 0f;
      }
      int[] first = splitFirst[c];
      int[] second = splitSecond[c];
      float[] thresholds = splitThreshold[c];
      float[] values = leafValues[c];
      // the trees depend only on this cascade's features: walk them all first, then add their leaf
      // vectors (scattered over the model's 45 MB, so each is a cache miss). Adding eight
      // coordinates over all trees at a time lets the loads of many leaves be in flight at once
      // (their addresses are known in advance) instead of one leaf per tree walk; every coordinate
      // still gets the leaves in tree order, so the float sums are the same.
      for (int t = 0; t < treesPerCascade; t++) {
        int base = t * splitsPerTree;
        int node = 0;
        while (node < splitsPerTree) {
          int s = base + node;
          node = features[first[s]] - features[second[s]] > thresholds[s] ? 2 * node + 1 : 2 * node + 2;
        }
        leafOffsets[t] = (t * leaves + node - splitsPerTree) * points;
      }
      if (LeafVectorSupport.AVAILABLE) {
        LeafVectors.addLeaves(shape, values, leafOffsets, treesPerCascade);
      } else {
        addLeaves(shape, values, leafOffsets, treesPerCascade);
      }
    }
    float[] image = new float[points];
    for (int i = 0; i < points; i += 2) {
      image[i] = (float) (box.left() + scaleX * shape[i]);
      image[i + 1] = (float) (box.top() + scaleY * shape[i + 1]);
    }
    return new FaceLandmarks(image);
  }

  /**
   * {@code shape[i] += values[offsets[t] + i]} for every tree {@code t < trees} in order, eight
   * coordinates at a time (the same additions in the same order per coordinate as tree by tree).
   * Without the Vector API only: {@link LeafVectors} does the same additions with vectors.
   */
  static void addLeaves(float[] shape, float[] values, int[] offsets, int trees) {
    int points = shape.length;
    int end = points - points % 8;
    for (int i = 0; i < end; i += 8) {
      float a0 = shape[i];
      float a1 = shape[i + 1];
      float a2 = shape[i + 2];
      float a3 = shape[i + 3];
      float a4 = shape[i + 4];
      float a5 = shape[i + 5];
      float a6 = shape[i + 6];
      float a7 = shape[i + 7];
      for (int t = 0; t < trees; t++) {
        int o = offsets[t] + i;
        a0 += values[o];
        a1 += values[o + 1];
        a2 += values[o + 2];
        a3 += values[o + 3];
        a4 += values[o + 4];
        a5 += values[o + 5];
        a6 += values[o + 6];
        a7 += values[o + 7];
      }
      shape[i] = a0;
      shape[i + 1] = a1;
      shape[i + 2] = a2;
      shape[i + 3] = a3;
      shape[i + 4] = a4;
      shape[i + 5] = a5;
      shape[i + 6] = a6;
      shape[i + 7] = a7;
    }
    for (int i = end; i < points; i++) {
      float a = shape[i];
      for (int t = 0; t < trees; t++) {
        a += values[offsets[t] + i];
      }
      shape[i] = a;
    }
  }

  /**
   * The box in which this model's mean shape best fits {@code landmarks} (least-squares similarity
   * from the mean shape to the landmarks; the box is upright, centred where the fitted transform puts
   * the normalised centre (0.5, 0.5), with side the fitted scale). Landmarks found in a box from
   * another detector, re-predicted in this box, match the boxes the model was trained on.
   */
  public FaceBox boxFor(FaceLandmarks landmarks) {
    float[] target = landmarks.coordinates();
    double[] fit = similarityWithTranslation(initialShape, target);
    double scale = Math.hypot(fit[0], fit[2]);
    double centreX = fit[0] * 0.5 + fit[1] * 0.5 + fit[4];
    double centreY = fit[2] * 0.5 + fit[3] * 0.5 + fit[5];
    return new FaceBox(centreX - scale / 2, centreY - scale / 2, centreX + scale / 2, centreY + scale / 2);
  }

  /**
   * The 2x2 part {m00, m01, m10, m11} of the least-squares similarity transform from {@code from}
   * to {@code to} (Umeyama; in 2-D the optimal rotation has a closed form), as floats.
   */
  static float[] similarity(float[] from, float[] to) {
    double[] fit = similarityWithTranslation(from, to);
    return new float[] {(float) fit[0], (float) fit[1], (float) fit[2], (float) fit[3]};
  }

  /** {m00, m01, m10, m11, tx, ty} of the least-squares similarity from {@code from} to {@code to}. */
  static double[] similarityWithTranslation(float[] from, float[] to) {
    int n = from.length / 2;
    double meanFromX = 0;
    double meanFromY = 0;
    double meanToX = 0;
    double meanToY = 0;
    for (int i = 0; i < n; i++) {
      meanFromX += from[2 * i];
      meanFromY += from[2 * i + 1];
      meanToX += to[2 * i];
      meanToY += to[2 * i + 1];
    }
    meanFromX /= n;
    meanFromY /= n;
    meanToX /= n;
    meanToY /= n;
    double sigmaFrom = 0;
    double c00 = 0;
    double c01 = 0;
    double c10 = 0;
    double c11 = 0;
    for (int i = 0; i < n; i++) {
      double fx = from[2 * i] - meanFromX;
      double fy = from[2 * i + 1] - meanFromY;
      double tx = to[2 * i] - meanToX;
      double ty = to[2 * i + 1] - meanToY;
      sigmaFrom += fx * fx + fy * fy;
      c00 += tx * fx;
      c01 += tx * fy;
      c10 += ty * fx;
      c11 += ty * fy;
    }
    sigmaFrom /= n;
    double a = (c00 + c11) / n;
    double b = (c10 - c01) / n;
    double norm = Math.hypot(a, b);
    double m00;
    double m10;
    if (norm == 0) {
      m00 = 1;
      m10 = 0;
    } else {
      double scale = sigmaFrom != 0 ? norm / sigmaFrom : 1;
      m00 = scale * a / norm;
      m10 = scale * b / norm;
    }
    double tx = meanToX - (m00 * meanFromX - m10 * meanFromY);
    double ty = meanToY - (m10 * meanFromX + m00 * meanFromY);
    return new double[] {m00, -m10, m10, m00, tx, ty};
  }

  /** dlib's serialisation primitives over a stream, with its own buffer (the model has 100 M bytes). */
  private static final class DlibInput {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int limit;
    private int cursor;
    private long position;

    DlibInput(InputStream in) {
      this.in = in;
    }

    long position() {
      return position;
    }

    private int peek() throws IOException {
      if (cursor == limit) {
        limit = Math.max(0, in.read(buffer, 0, buffer.length));
        cursor = 0;
        if (limit == 0) {
          throw new EOFException();
        }
      }
      return buffer[cursor] & 0xFF;
    }

    private int next() throws IOException {
      int b = peek();
      cursor++;
      position++;
      return b;
    }

    /** A signed integer: control byte (bit 7 sign, low 4 bits byte count) + little-endian magnitude. */
    long readSigned() throws IOException {
      int control = next();
      int size = control & 0x0F;
      if (size == 0 || size > 8 || (control & 0x70) != 0) {
        throw new IllegalStateException("invalid integer control byte 0x" + Integer.toHexString(control));
      }
      long value = 0;
      for (int i = 0; i < size; i++) {
        value |= ((long) next()) << (8 * i);
      }
      return (control & 0x80) != 0 ? -value : value;
    }

    /** An unsigned integer that must fit a Java array length. */
    int readLength() throws IOException {
      long value = readSigned();
      if (value < 0 || value > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("invalid count or index " + value);
      }
      return (int) value;
    }

    /** A float as dlib's float_details: mantissa (int64) then exponent (int16). */
    float readFloat() throws IOException {
      if ((peek() & 0x70) != 0) {
        throw new IllegalStateException("a float in dlib's old text format (not supported)");
      }
      long mantissa = readSigned();
      long exponent = readSigned();
      if (exponent < 32000) {
        return Math.scalb((float) mantissa, (int) exponent);
      }
      if (exponent == 32000) {
        return Float.POSITIVE_INFINITY;
      }
      if (exponent == 32001) {
        return Float.NEGATIVE_INFINITY;
      }
      return Float.NaN;
    }

    /** A float matrix: rows and columns (negated by current dlib) then the values row by row. */
    float[] readFloatMatrix() throws IOException {
      long rows = Math.abs(readSigned());
      long columns = Math.abs(readSigned());
      long size = rows * columns;
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("invalid matrix size " + rows + "x" + columns);
      }
      float[] values = new float[(int) size];
      for (int i = 0; i < values.length; i++) {
        values[i] = readFloat();
      }
      return values;
    }
  }
}
