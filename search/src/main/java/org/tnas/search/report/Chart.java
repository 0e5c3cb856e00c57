package org.tnas.search.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A small headless chart renderer (java.awt, no display needed) for the search reports: line
 * series and scatter series on linear axes with ticks, axis titles and a legend, written as PNG.
 * Deterministic for the same data. Not thread safe.
 */
public final class Chart {
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e),
    new Color(0x8c564b)
  };

  /**
   * One series: x and y values, drawn as a line, as points, as bars (from 0, {@code barWidth} x
   * units wide, centred on x; 0 for none), or any of them; {@code errors} (null for none) draws a
   * whisker from y - error to y + error at each point.
   */
  public record Series(String name, double[] x, double[] y, boolean line, boolean points, double barWidth, double[] errors) {
    public Series {
      Objects.requireNonNull(name, "name is null");
      if (x.length != y.length) {
        throw new IllegalArgumentException("Invalid series " + name + ": " + x.length + " x values, " + y.length + " y values");
      }
      if (errors != null && errors.length != y.length) {
        throw new IllegalArgumentException("Invalid series " + name + ": " + y.length + " y values, " + errors.length + " errors");
      }
      if (!(barWidth >= 0)) {
        throw new IllegalArgumentException("Invalid bar width of series " + name + ": " + barWidth);
      }
    }

    /** A line and/or point series without bars or error whiskers. */
    public Series(String name, double[] x, double[] y, boolean line, boolean points) {
      this(name, x, y, line, points, 0, null);
    }

    /** Bars of {@code width} x units centred on x, with error whiskers of {@code errors} (null: none). */
    public static Series bars(String name, double[] x, double[] y, double width, double[] errors) {
      return new Series(name, x, y, false, false, width, errors);
    }
  }

  private final String title;
  private final String xTitle;
  private final String yTitle;
  private final List<Series> series = new ArrayList<>();
  private boolean logX;
  private List<String> categories;

  public Chart(String title, String xTitle, String yTitle) {
    this.title = title;
    this.xTitle = xTitle;
    this.yTitle = yTitle;
  }

  /**
   * Draws the x axis on a log10 scale when all its finite values are positive and span at least two
   * decades (max / min >= 100), e.g. SynOps; otherwise the axis stays linear. Returns this chart.
   */
  public Chart logXWhenSpanningDecades() {
    logX = true;
    return this;
  }

  public Chart add(Series s) {
    series.add(s);
    return this;
  }

  /** The series added so far, in drawing order. */
  public List<Series> series() {
    return List.copyOf(series);
  }

  /** Labels the x axis with {@code labels} at x = 0, 1, ... instead of numeric ticks. */
  public Chart categories(List<String> labels) {
    categories = List.copyOf(labels);
    return this;
  }

  /** Renders the chart as PNG bytes. */
  public byte[] png(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int left = 80;
      int right = 20;
      int top = 40;
      int bottom = 60;
      int plotWidth = width - left - right;
      int plotHeight = height - top - bottom;
      boolean logAxis = logX && categories == null && spansDecades();
      double[] xRange = logAxis ? logRange() : range(true);
      double[] yRange = range(false);
      java.util.function.DoubleUnaryOperator xValue = logAxis ? Math::log10 : v -> v;
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, left, 24);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics metrics = g.getFontMetrics();
      List<Double> xTicks = categories != null ? new ArrayList<>()
          : logAxis ? decadeTicks(xRange[0], xRange[1])
          : integralX() ? integerTicks(xRange[0], xRange[1]) : ticks(xRange[0], xRange[1]);
      for (int c = 0; categories != null && c < categories.size(); c++) {
        xTicks.add((double) c);
      }
      for (double tick : xTicks) {
        int px = left + (int) Math.round((tick - xRange[0]) / (xRange[1] - xRange[0]) * plotWidth);
        g.setColor(new Color(0xE6E6E6));
        g.drawLine(px, top, px, top + plotHeight);
        g.setColor(Color.DARK_GRAY);
        String label = categories != null ? categories.get((int) tick) : format(logAxis ? Math.pow(10, tick) : tick);
        g.drawString(label, px - metrics.stringWidth(label) / 2, top + plotHeight + 16);
      }
      for (double tick : ticks(yRange[0], yRange[1])) {
        int py = top + plotHeight - (int) Math.round((tick - yRange[0]) / (yRange[1] - yRange[0]) * plotHeight);
        g.setColor(new Color(0xE6E6E6));
        g.drawLine(left, py, left + plotWidth, py);
        g.setColor(Color.DARK_GRAY);
        String label = format(tick);
        g.drawString(label, left - 8 - metrics.stringWidth(label), py + 4);
      }
      g.setColor(Color.BLACK);
      g.drawRect(left, top, plotWidth, plotHeight);
      g.drawString(xTitle, left + plotWidth / 2 - metrics.stringWidth(xTitle) / 2, height - 18);
      Graphics2D rotated = (Graphics2D) g.create();
      rotated.rotate(-Math.PI / 2);
      rotated.drawString(yTitle, -(top + plotHeight / 2 + metrics.stringWidth(yTitle) / 2), 18);
      rotated.dispose();
      for (int s = 0; s < series.size(); s++) {
        Series one = series.get(s);
        Color color = PALETTE[s % PALETTE.length];
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int previousX = Integer.MIN_VALUE;
        int previousY = 0;
        for (int i = 0; i < one.x().length; i++) {
          if (!Double.isFinite(one.x()[i]) || !Double.isFinite(one.y()[i])) {
            previousX = Integer.MIN_VALUE;
            continue;
          }
          if (logAxis && !(one.x()[i] > 0)) {
            previousX = Integer.MIN_VALUE;
            continue;
          }
          int px = left + (int) Math.round((xValue.applyAsDouble(one.x()[i]) - xRange[0]) / (xRange[1] - xRange[0]) * plotWidth);
          int py = top + plotHeight - (int) Math.round((one.y()[i] - yRange[0]) / (yRange[1] - yRange[0]) * plotHeight);
          if (one.line() && previousX != Integer.MIN_VALUE) {
            g.drawLine(previousX, previousY, px, py);
          }
          if (one.points()) {
            g.fillOval(px - 3, py - 3, 7, 7);
          }
          if (one.barWidth() > 0) {
            int half = (int) Math.round(one.barWidth() / 2 / (xRange[1] - xRange[0]) * plotWidth);
            int zero = top + plotHeight - (int) Math.round((0 - yRange[0]) / (yRange[1] - yRange[0]) * plotHeight);
            g.fillRect(px - half, Math.min(py, zero), 2 * half, Math.abs(zero - py));
          }
          if (one.errors() != null && Double.isFinite(one.errors()[i])) {
            int low = top + plotHeight - (int) Math.round((one.y()[i] - one.errors()[i] - yRange[0]) / (yRange[1] - yRange[0]) * plotHeight);
            int high = top + plotHeight - (int) Math.round((one.y()[i] + one.errors()[i] - yRange[0]) / (yRange[1] - yRange[0]) * plotHeight);
            Color fill = g.getColor();
            g.setColor(Color.BLACK);
            g.drawLine(px, low, px, high);
            g.drawLine(px - 5, low, px + 5, low);
            g.drawLine(px - 5, high, px + 5, high);
            g.setColor(fill);
          }
          previousX = px;
          previousY = py;
        }
      }
      drawLegend(g, metrics, left, top, plotWidth, plotHeight, xRange, yRange, xValue);
    } finally {
      g.dispose();
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(image, "png", bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode chart " + title + ": " + e.getMessage(), e);
    }
  }

  /**
   * The legend on a white box in the corner of the plot that covers the fewest data points (ties:
   * top right, top left, bottom right, bottom left), so that it hides as little data as possible.
   */
  private void drawLegend(Graphics2D g, FontMetrics metrics, int left, int top, int plotWidth, int plotHeight,
      double[] xRange, double[] yRange, java.util.function.DoubleUnaryOperator xValue) {
    if (series.isEmpty()) {
      return;
    }
    int textWidth = 0;
    for (Series one : series) {
      textWidth = Math.max(textWidth, metrics.stringWidth(one.name()));
    }
    int boxWidth = textWidth + 30;
    int boxHeight = 16 * series.size() + 6;
    int[][] corners = {
      {left + plotWidth - boxWidth - 6, top + 6}, {left + 6, top + 6},
      {left + plotWidth - boxWidth - 6, top + plotHeight - boxHeight - 6}, {left + 6, top + plotHeight - boxHeight - 6}};
    int[] best = corners[0];
    int fewest = Integer.MAX_VALUE;
    for (int[] corner : corners) {
      int covered = 0;
      for (Series one : series) {
        for (int i = 0; i < one.x().length; i++) {
          double xv = xValue.applyAsDouble(one.x()[i]);
          if (!Double.isFinite(xv) || !Double.isFinite(one.y()[i])) {
            continue;
          }
          int px = left + (int) Math.round((xv - xRange[0]) / (xRange[1] - xRange[0]) * plotWidth);
          int py = top + plotHeight - (int) Math.round((one.y()[i] - yRange[0]) / (yRange[1] - yRange[0]) * plotHeight);
          if (px >= corner[0] && px <= corner[0] + boxWidth && py >= corner[1] && py <= corner[1] + boxHeight) {
            covered++;
          }
        }
      }
      if (covered < fewest) {
        fewest = covered;
        best = corner;
      }
    }
    g.setColor(new Color(255, 255, 255, 225));
    g.fillRect(best[0], best[1], boxWidth, boxHeight);
    g.setColor(Color.GRAY);
    g.drawRect(best[0], best[1], boxWidth, boxHeight);
    int y = best[1] + 15;
    for (int s = 0; s < series.size(); s++) {
      g.setColor(PALETTE[s % PALETTE.length]);
      g.fillRect(best[0] + 6, y - 9, 12, 10);
      g.setColor(Color.BLACK);
      g.drawString(series.get(s).name(), best[0] + 24, y);
      y += 16;
    }
  }

  /** Whether every finite x value of every series is a whole number (generations, folds). */
  private boolean integralX() {
    boolean any = false;
    for (Series s : series) {
      for (double v : s.x()) {
        if (Double.isFinite(v)) {
          any = true;
          if (v != Math.rint(v)) {
            return false;
          }
        }
      }
    }
    return any;
  }

  /** Whether the finite x values are all positive and span two decades or more. */
  private boolean spansDecades() {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (Series s : series) {
      for (double v : s.x()) {
        if (Double.isFinite(v)) {
          if (v <= 0) {
            return false;
          }
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    return min != Double.POSITIVE_INFINITY && max / min >= 100;
  }

  /** The x range in log10 units, padded by 5 %. */
  private double[] logRange() {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.x()) {
        if (Double.isFinite(v) && v > 0) {
          min = Math.min(min, Math.log10(v));
          max = Math.max(max, Math.log10(v));
        }
      }
    }
    double pad = (max - min) * 0.05;
    return new double[] {min - pad, max + pad};
  }

  /** Ticks at whole numbers only: the step of {@link #ticks} rounded up to an integer. */
  static List<Double> integerTicks(double min, double max) {
    List<Double> nice = ticks(min, max);
    double step = nice.size() >= 2 ? nice.get(1) - nice.get(0) : 1;
    step = Math.max(1, Math.ceil(step - 1e-9));
    List<Double> ticks = new ArrayList<>();
    for (double v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) {
      ticks.add(v == 0 ? 0.0 : v);
    }
    return ticks;
  }

  /** Ticks at whole decades of a log10 axis (values are exponents). */
  static List<Double> decadeTicks(double min, double max) {
    List<Double> ticks = new ArrayList<>();
    for (double e = Math.ceil(min); e <= Math.floor(max) + 1e-9; e++) {
      ticks.add(e == 0 ? 0.0 : e);
    }
    return ticks;
  }

  private double[] range(boolean xAxis) {
    if (xAxis && categories != null) {
      return new double[] {-0.6, Math.max(1, categories.size()) - 0.4};
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      double[] values = xAxis ? s.x() : s.y();
      for (int i = 0; i < values.length; i++) {
        double v = values[i];
        if (Double.isFinite(v)) {
          double error = !xAxis && s.errors() != null && Double.isFinite(s.errors()[i]) ? Math.abs(s.errors()[i]) : 0;
          min = Math.min(min, v - error);
          max = Math.max(max, v + error);
          if (!xAxis && s.barWidth() > 0) {
            min = Math.min(min, 0);
            max = Math.max(max, 0);
          }
        }
      }
    }
    if (min == Double.POSITIVE_INFINITY) {
      return new double[] {0, 1};
    }
    if (max - min < 1e-12) {
      return new double[] {min - 0.5, max + 0.5};
    }
    double pad = (max - min) * 0.05;
    return new double[] {min - pad, max + pad};
  }

  static List<Double> ticks(double min, double max) {
    double span = max - min;
    double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
    for (double factor : new double[] {1, 2, 5, 10}) {
      if (span / (step * factor) <= 7) {
        step *= factor;
        break;
      }
    }
    List<Double> ticks = new ArrayList<>();
    for (double v = Math.ceil(min / step) * step; v <= max + 1e-9 * step; v += step) {
      ticks.add(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return ticks;
  }

  static String format(double value) {
    double magnitude = Math.abs(value);
    if (magnitude >= 1e6) {
      return String.format(Locale.ROOT, "%.3gM", value / 1e6);
    }
    if (magnitude >= 1e3) {
      return String.format(Locale.ROOT, "%.3gk", value / 1e3);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
