package org.tnas.pipelines.synthetic;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Real labelled data for end-to-end checks (../shared/docs/DATASETS.md, last section): OpenCV's
 * 5,000 handwritten digits ({@code digits.png}, a 100 x 50 grid of 20 x 20 digits, 5 rows per class
 * in class order 0..9) rendered as short clips of three small saccades, as N-MNIST was recorded with
 * a moving sensor, in the generic layout: {@code <out>/<digit>/<clip>/<frame>.png} plus {@code
 * <out>/clips.csv} ({@code path,label,subject}). Pseudo-subjects are groups of grid columns, so a
 * subject-grouped test split never holds out a digit whose neighbours were trained on.
 *
 * <p>Each digit is scaled 2x (bilinear) onto a dark {@value #SIZE} x {@value #SIZE} canvas and moved
 * along a triangle of {@value #AMPLITUDE}-pixel saccades, {@value #FRAMES_PER_SACCADE} frames each
 * (sub-pixel positions, bilinear), at 30 frames/s. Deterministic: no randomness.
 *
 * <p>Usage: {@code DigitSaccades <digits.png> <output dir> [digits per class (1-500, default 100)]
 * [subjects (default 10)]}.
 */
public final class DigitSaccades {
  /** Clip frame size in pixels. */
  public static final int SIZE = 48;
  /** Saccade amplitude in pixels. */
  public static final double AMPLITUDE = 3.0;
  /** Frames per saccade. */
  public static final int FRAMES_PER_SACCADE = 4;
  /** The manifest's file name. */
  public static final String MANIFEST = "clips.csv";
  private static final int CELL = 20;
  private static final int COLUMNS = 100;
  private static final int ROWS_PER_CLASS = 5;
  private static final int CLASSES = 10;
  private static final int SCALE = 2;
  private static final int BACKGROUND = 12;
  private static final double[][] TRIANGLE = {{0, 0}, {1, 0.5}, {0, 1}, {0, 0}};

  private DigitSaccades() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 4) {
      System.err.println("usage: DigitSaccades <digits.png> <output dir> [digits per class (1-500, default 100)] [subjects (default 10)]");
      System.exit(2);
    }
    int perClass = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int subjects = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int clips = render(Path.of(args[0]), Path.of(args[1]), perClass, subjects);
    System.out.printf(Locale.ROOT, "%d clips of %d frames in %s (manifest %s)%n", clips, frames(), args[1], MANIFEST);
  }

  /** Frames per clip. */
  public static int frames() {
    return (TRIANGLE.length - 1) * FRAMES_PER_SACCADE + 1;
  }

  /**
   * Renders {@code perClass} digits of each class into {@code output}; returns the clip count.
   *
   * @throws IllegalArgumentException "Invalid ..." for a sheet that is not OpenCV's 2000 x 1000 digits grid
   */
  public static int render(Path sheetFile, Path output, int perClass, int subjects) throws IOException {
    if (perClass < 1 || perClass > COLUMNS * ROWS_PER_CLASS) {
      throw new IllegalArgumentException("Invalid digits per class: " + perClass + " (expected 1-500)");
    }
    if (subjects < 2) {
      throw new IllegalArgumentException("Invalid subjects: " + subjects + " (expected at least 2)");
    }
    BufferedImage sheet = ImageIO.read(sheetFile.toFile());
    if (sheet == null || sheet.getWidth() != COLUMNS * CELL || sheet.getHeight() != CLASSES * ROWS_PER_CLASS * CELL) {
      throw new IllegalArgumentException("Invalid digits sheet: " + sheetFile + " (expected OpenCV's digits.png, "
          + COLUMNS * CELL + " x " + CLASSES * ROWS_PER_CLASS * CELL + " pixels)");
    }
    int columnsUsed = (perClass + ROWS_PER_CLASS - 1) / ROWS_PER_CLASS;
    Files.createDirectories(output);
    int count = 0;
    try (Writer manifest = Files.newBufferedWriter(output.resolve(MANIFEST), StandardCharsets.UTF_8)) {
      manifest.write("path,label,subject\n");
      for (int digit = 0; digit < CLASSES; digit++) {
        int rendered = 0;
        for (int column = 0; column < columnsUsed && rendered < perClass; column++) {
          for (int row = 0; row < ROWS_PER_CLASS && rendered < perClass; row++) {
            double[][] cell = cell(sheet, digit * ROWS_PER_CLASS + row, column);
            String clip = String.format(Locale.ROOT, "%d/r%d-c%03d", digit, row, column);
            Path folder = output.resolve(clip);
            Files.createDirectories(folder);
            writeFrames(cell, folder);
            String subject = String.format(Locale.ROOT, "writer-%02d", column * subjects / columnsUsed);
            manifest.write(clip + "," + digit + "," + subject + "\n");
            rendered++;
            count++;
          }
        }
      }
    }
    return count;
  }

  private static double[][] cell(BufferedImage sheet, int row, int column) {
    double[][] cell = new double[CELL][CELL];
    for (int y = 0; y < CELL; y++) {
      for (int x = 0; x < CELL; x++) {
        cell[y][x] = sheet.getRaster().getSample(column * CELL + x, row * CELL + y, 0);
      }
    }
    return cell;
  }

  private static void writeFrames(double[][] cell, Path folder) {
    int frame = 0;
    for (int leg = 0; leg < TRIANGLE.length - 1; leg++) {
      for (int step = 0; step < FRAMES_PER_SACCADE + (leg == TRIANGLE.length - 2 ? 1 : 0); step++) {
        double t = (double) step / FRAMES_PER_SACCADE;
        double dx = AMPLITUDE * (TRIANGLE[leg][0] + t * (TRIANGLE[leg + 1][0] - TRIANGLE[leg][0]));
        double dy = AMPLITUDE * (TRIANGLE[leg][1] + t * (TRIANGLE[leg + 1][1] - TRIANGLE[leg][1]));
        write(render(cell, dx, dy), folder.resolve(String.format(Locale.ROOT, "%05d.png", frame++)));
      }
    }
  }

  /** The digit scaled by {@value #SCALE}, centred, shifted by (dx, dy) pixels; bilinear sampling. */
  static BufferedImage render(double[][] cell, double dx, double dy) {
    BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
    double offset = (SIZE - CELL * SCALE) / 2.0 - AMPLITUDE / 2;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double sx = (x - offset - dx) / SCALE - 0.5;
        double sy = (y - offset - dy) / SCALE - 0.5;
        double value = BACKGROUND + (255 - BACKGROUND) * sample(cell, sx, sy) / 255;
        image.getRaster().setSample(x, y, 0, (int) Math.round(Math.max(0, Math.min(255, value))));
      }
    }
    return image;
  }

  private static double sample(double[][] cell, double x, double y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    return (1 - fy) * ((1 - fx) * at(cell, x0, y0) + fx * at(cell, x0 + 1, y0))
        + fy * ((1 - fx) * at(cell, x0, y0 + 1) + fx * at(cell, x0 + 1, y0 + 1));
  }

  private static double at(double[][] cell, int x, int y) {
    return x < 0 || y < 0 || x >= CELL || y >= CELL ? 0 : cell[y][x];
  }

  private static void write(BufferedImage image, Path file) {
    try {
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IOException("no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write frame: " + file + ": " + e.getMessage(), e);
    }
  }
}
