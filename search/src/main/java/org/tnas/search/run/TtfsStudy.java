package org.tnas.search.run;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.report.Chart;
import org.tnas.search.training.TrainingConfig;
import org.tnas.search.training.TrainingData;
import org.tnas.search.ttfs.HardwareConstraints;

/**
 * TNAS-ER's retraining strategies compared under hardware constraints (its figure 5), and the
 * constraint sweep (bits vs test WAR before and after fine-tuning), for one architecture:
 *
 * <ol>
 *   <li>{@code inherited}: the supernet's inherited weights (batch norm recalibrated), transferred;
 *   <li>{@code relu+transfer}: the ReLU net retrained from scratch, transferred (the pipeline's
 *       final model);
 *   <li>{@code relu+transfer+finetune}: that, then the TTFS net fine-tuned under the constraints;
 *   <li>{@code ttfs-from-scratch}: the TTFS net trained from fresh weights under the constraints.
 * </ol>
 *
 * plus {@code exact}, the unconstrained transfer of the retrained net (which equals the ReLU net). Each
 * row is scored by the event-driven simulator on the test split: WAR, UAR, SynOps, latency (tau_c and
 * ms) and energy under the constraints' model. The sweep applies {@code b}-bit spike times and
 * {@code b}-bit weights (the run's latency budget kept) for every {@code b} given. Stateless.
 */
public final class TtfsStudy {
  /** Report files. */
  public static final String STRATEGIES_TABLE = "ttfs-strategies.csv";
  public static final String STRATEGIES_CHART = "ttfs-strategies.png";
  public static final String SWEEP_TABLE = "ttfs-sweep.csv";
  public static final String SWEEP_CHART = "ttfs-sweep.png";
  public static final String CARD = "ttfs.md";

  private TtfsStudy() {}

  /**
   * What the study trains from.
   *
   * @param retrained the final model's ReLU net (with batch norm)
   * @param inherited the same architecture with the supernet's inherited weights, or null to leave
   *     that strategy out
   * @param train the calibration (training) samples: windows are measured on them
   * @param data per-epoch training data and the validation split (the best validation epoch is kept)
   * @param test the held-out test split every row is scored on
   * @param fineTune the fine-tuning recipe
   * @param scratch the from-scratch recipe
   */
  public record Inputs(NetworkWeights retrained, NetworkWeights inherited, LabelledTensorSet train, TrainingData data,
      LabelledTensorSet test, TrainingConfig fineTune, TrainingConfig scratch) {
    public Inputs {
      Objects.requireNonNull(retrained, "retrained is null");
      Objects.requireNonNull(train, "train is null");
      Objects.requireNonNull(data, "data is null");
      Objects.requireNonNull(test, "test is null");
      Objects.requireNonNull(fineTune, "fineTune is null");
      Objects.requireNonNull(scratch, "scratch is null");
    }
  }

  /** Which strategy rows to run. */
  public enum Rows {
    /** None (the sweep only). */
    NONE,
    /** The transfer and the fine-tuned net. */
    FINE_TUNE,
    /** All four strategies (the inherited row only when inherited weights are given). */
    ALL
  }

  /** One sweep point: {@code bits} for spike times and weights, before and after fine-tuning. */
  public record SweepPoint(int bits, TtfsFineTuning.Scored transfer, TtfsFineTuning.Scored fineTuned) {}

  /**
   * @param constraints the study's constraints
   * @param exact the unconstrained transfer of the retrained net
   * @param strategies the strategies under {@code constraints} (empty when not run)
   * @param sweep the sweep points (empty when not run)
   */
  public record Result(HardwareConstraints constraints, TtfsFineTuning.Scored exact, List<TtfsFineTuning.Scored> strategies,
      List<SweepPoint> sweep, SeedSpread seeds) {
    public Result {
      Objects.requireNonNull(constraints, "constraints is null");
      Objects.requireNonNull(exact, "exact is null");
      strategies = List.copyOf(strategies);
      sweep = List.copyOf(sweep);
    }

    /** The exact transfer followed by the strategy rows (the order of the tables). */
    public List<TtfsFineTuning.Scored> rows() {
      List<TtfsFineTuning.Scored> rows = new ArrayList<>();
      rows.add(exact);
      rows.addAll(strategies);
      return rows;
    }
  }

  /**
   * Fine-tuning repeated with several training seeds: the test WAR of each, and the mean of (fine-tuned
   * - exact) WAR with a 95 % percentile bootstrap interval (2,000 resamples, seeded).
   *
   * @param wars test WAR per fine-tuning seed (the first is the recipe's seed)
   * @param transferWar the plain transfer's test WAR (deterministic)
   * @param exactWar the exact net's test WAR
   */
  public record SeedSpread(double[] wars, double transferWar, double exactWar, double meanGap, double lower, double upper,
      double sd) {
    static SeedSpread of(double[] wars, double transferWar, double exactWar) {
      double[] gaps = new double[wars.length];
      double mean = 0;
      for (int i = 0; i < wars.length; i++) {
        gaps[i] = wars[i] - exactWar;
        mean += gaps[i] / wars.length;
      }
      double squares = 0;
      for (double gap : gaps) {
        squares += (gap - mean) * (gap - mean);
      }
      double sd = wars.length > 1 ? Math.sqrt(squares / (wars.length - 1)) : Double.NaN;
      java.util.SplittableRandom random = new java.util.SplittableRandom(0x5eedL);
      double[] draws = new double[2000];
      for (int b = 0; b < draws.length; b++) {
        double sum = 0;
        for (int i = 0; i < gaps.length; i++) {
          sum += gaps[random.nextInt(gaps.length)];
        }
        draws[b] = sum / gaps.length;
      }
      java.util.Arrays.sort(draws);
      return new SeedSpread(wars.clone(), transferWar, exactWar, mean, draws[(int) Math.floor(0.025 * (draws.length - 1))],
          draws[(int) Math.ceil(0.975 * (draws.length - 1))], sd);
    }

    /** Seeds whose fine-tuned WAR is within 1 point of the exact net. */
    public int withinOnePoint() {
      int count = 0;
      for (double war : wars) {
        count += war >= exactWar - 0.01 - 1e-12 ? 1 : 0;
      }
      return count;
    }
  }

  /**
   * Runs the strategy rows {@code strategies} under {@code constraints} and the sweep over {@code
   * sweepBits}.
   *
   * @param progress receives a line per stage and per training epoch
   */
  public static Result run(Inputs in, HardwareConstraints constraints, Rows strategies, int[] sweepBits,
      Consumer<String> progress) {
    return run(in, constraints, strategies, sweepBits, 1, progress);
  }

  /**
   * As above; with {@code fineTuneSeeds > 1} the fine-tuning under {@code constraints} is repeated with
   * further training seeds (derived from the recipe's) and summarised as a {@link SeedSpread}.
   */
  public static Result run(Inputs in, HardwareConstraints constraints, Rows strategies, int[] sweepBits,
      int fineTuneSeeds, Consumer<String> progress) {
    Objects.requireNonNull(in, "in is null");
    Objects.requireNonNull(constraints, "constraints is null");
    Consumer<String> log = progress == null ? System.err::println : progress;
    List<float[]> calibration = in.train().inputs();
    TtfsFineTuning.Scored exact = TtfsFineTuning.transfer("exact", in.retrained(), calibration,
        constraints.withBits(0, 0).withoutLatencyBudget(), in.test());
    log.accept(line("exact transfer", exact));
    List<TtfsFineTuning.Scored> rows = new ArrayList<>();
    if (strategies == Rows.ALL && in.inherited() != null) {
      rows.add(logged(log, TtfsFineTuning.transfer("inherited", in.inherited(), calibration, constraints, in.test())));
    }
    if (strategies != Rows.NONE) {
      rows.add(logged(log, TtfsFineTuning.transfer("relu+transfer", in.retrained(), calibration, constraints, in.test())));
      log.accept("[ttfs] fine-tuning under " + constraints.describe());
      rows.add(logged(log, TtfsFineTuning.fineTune(in.retrained(), calibration, constraints, in.data(), in.fineTune(),
          in.test(), prefixed(log, "[ttfs finetune] "))));
    }
    if (strategies == Rows.ALL) {
      log.accept("[ttfs] training from scratch under " + constraints.describe());
      rows.add(logged(log, TtfsFineTuning.fromScratch(in.retrained(), calibration, constraints, in.data(), in.scratch(),
          in.test(), prefixed(log, "[ttfs scratch] "))));
    }
    List<SweepPoint> sweep = new ArrayList<>();
    for (int i = 0; i < sweepBits.length; i++) {
      HardwareConstraints point = constraints.withBits(sweepBits[i], sweepBits[i]);
      log.accept(String.format(Locale.ROOT, "[ttfs] sweep %d/%d: %s", i + 1, sweepBits.length, point.describe()));
      TtfsFineTuning.Scored transfer = TtfsFineTuning.transfer("relu+transfer", in.retrained(), calibration, point,
          in.test());
      TtfsFineTuning.Scored tuned = TtfsFineTuning.fineTune(in.retrained(), calibration, point, in.data(), in.fineTune(),
          in.test(), prefixed(log, "[ttfs sweep " + sweepBits[i] + " bit] "));
      log.accept(String.format(Locale.ROOT, "[ttfs] %d bit: test WAR %.4f transferred, %.4f fine-tuned (exact %.4f)",
          sweepBits[i], transfer.test().war(), tuned.test().war(), exact.test().war()));
      sweep.add(new SweepPoint(sweepBits[i], transfer, tuned));
    }
    SeedSpread seeds = null;
    if (fineTuneSeeds > 1 && strategies != Rows.NONE) {
      TtfsFineTuning.Scored transfer = rows.stream().filter(r -> r.strategy().equals("relu+transfer")).findFirst().orElseThrow();
      TtfsFineTuning.Scored first = rows.stream().filter(r -> r.strategy().equals("relu+transfer+finetune")).findFirst()
          .orElseThrow();
      double[] wars = new double[fineTuneSeeds];
      wars[0] = first.test().war();
      for (int k = 1; k < fineTuneSeeds; k++) {
        long seed = org.tnas.formats.util.Seeds.derive(in.fineTune().seed(), org.tnas.formats.util.Seeds.stableHash("ttfs-finetune-seed"), k);
        log.accept(String.format(Locale.ROOT, "[ttfs] fine-tuning seed %d/%d", k + 1, fineTuneSeeds));
        wars[k] = TtfsFineTuning.fineTune(in.retrained(), calibration, constraints, in.data(), in.fineTune().withSeed(seed),
            in.test(), prefixed(log, "[ttfs finetune seed " + (k + 1) + "] ")).test().war();
      }
      seeds = SeedSpread.of(wars, transfer.test().war(), exact.test().war());
      log.accept(String.format(Locale.ROOT, "[ttfs] %d fine-tuning seeds: fine-tuned - exact WAR %+.4f [%+.4f, %+.4f], within"
          + " 1 point on %d of %d", fineTuneSeeds, seeds.meanGap(), seeds.lower(), seeds.upper(), seeds.withinOnePoint(),
          fineTuneSeeds));
    }
    return new Result(constraints, exact, rows, sweep, seeds);
  }

  private static TtfsFineTuning.Scored logged(Consumer<String> log, TtfsFineTuning.Scored scored) {
    log.accept(line(scored.strategy(), scored));
    return scored;
  }

  private static String line(String name, TtfsFineTuning.Scored s) {
    return String.format(Locale.ROOT, "[ttfs] %s: test WAR %.4f UAR %.4f, %.0f SynOps, latency %.3f tau (%.3f ms), %.1f nJ",
        name, s.test().war(), s.test().uar(), s.test().meanSynapticOperations(), s.network().latency(), s.latencyMillis(),
        s.picojoules() / 1000);
  }

  private static Consumer<String> prefixed(Consumer<String> log, String prefix) {
    return message -> log.accept(prefix + message);
  }

  /** Writes the tables, charts and a Markdown section into {@code directory}. */
  public static void write(Result result, Path directory, Configuration conf) {
    Objects.requireNonNull(result, "result is null");
    if (!result.strategies().isEmpty()) {
      HadoopFiles.writeAtomically(new Path(directory, STRATEGIES_TABLE), conf, strategiesCsv(result).getBytes(StandardCharsets.UTF_8));
      HadoopFiles.writeAtomically(new Path(directory, STRATEGIES_CHART), conf, strategiesChart(result).png(900, 520));
    }
    if (!result.sweep().isEmpty()) {
      HadoopFiles.writeAtomically(new Path(directory, SWEEP_TABLE), conf, sweepCsv(result).getBytes(StandardCharsets.UTF_8));
      HadoopFiles.writeAtomically(new Path(directory, SWEEP_CHART), conf, sweepChart(result).png(900, 520));
    }
    HadoopFiles.writeAtomically(new Path(directory, CARD), conf, markdown(result).getBytes(StandardCharsets.UTF_8));
  }

  static String strategiesCsv(Result result) {
    StringBuilder csv = new StringBuilder("strategy,time_bits,weight_bits,max_latency,test_war,test_uar,synops,"
        + "spikes_per_neuron,violations_per_sample,latency_tau,latency_ms,energy_pj,twin_agreement,epochs,best_epoch\n");
    List<TtfsFineTuning.Scored> rows = result.rows();
    HardwareConstraints c = result.constraints();
    for (TtfsFineTuning.Scored s : rows) {
      boolean exact = s == result.exact();
      csv.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%.6f,%.6f,%.1f,%.6f,%.3f,%.6f,%.6f,%.1f,%s,%s,%s%n", s.strategy(),
          exact ? 0 : c.timeBits(), exact ? 0 : c.weightBits(), exact ? "0" : String.valueOf(c.maxLatency()),
          s.test().war(), s.test().uar(), s.test().meanSynapticOperations(), s.test().spikesPerNeuron(),
          perSample(s.test().work().violations(), s.test().work().samples()), s.network().latency(), s.latencyMillis(),
          s.picojoules(), Double.isNaN(s.twinAgreement()) ? "" : String.format(Locale.ROOT, "%.4f", s.twinAgreement()),
          s.training() == null ? "" : s.training().epochs().size(), s.training() == null ? "" : s.training().bestEpoch() + 1));
    }
    return csv.toString();
  }

  static String sweepCsv(Result result) {
    StringBuilder csv = new StringBuilder("bits,exact_war,transfer_war,transfer_uar,finetuned_war,finetuned_uar,"
        + "transfer_synops,finetuned_synops,latency_tau,twin_agreement\n");
    for (SweepPoint p : result.sweep()) {
      csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.1f,%.1f,%.6f,%.4f%n", p.bits(),
          result.exact().test().war(), p.transfer().test().war(), p.transfer().test().uar(), p.fineTuned().test().war(),
          p.fineTuned().test().uar(), p.transfer().test().meanSynapticOperations(),
          p.fineTuned().test().meanSynapticOperations(), p.transfer().network().latency(), p.fineTuned().twinAgreement()));
    }
    return csv.toString();
  }

  private static double perSample(long count, long samples) {
    return samples == 0 ? Double.NaN : (double) count / samples;
  }

  static Chart strategiesChart(Result result) {
    List<String> names = new ArrayList<>();
    List<TtfsFineTuning.Scored> rows = result.rows();
    double[] x = new double[rows.size()];
    double[] war = new double[rows.size()];
    double[] uar = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      names.add(rows.get(i).strategy());
      x[i] = i - 0.15;
      war[i] = 100 * rows.get(i).test().war();
      uar[i] = 100 * rows.get(i).test().uar();
    }
    double[] xUar = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xUar[i] = i + 0.15;
    }
    return new Chart("Retraining strategies under " + result.constraints().describe(), "strategy", "test accuracy (%)")
        .categories(names)
        .add(Chart.Series.bars("WAR", x, war, 0.3, null))
        .add(Chart.Series.bars("UAR", xUar, uar, 0.3, null));
  }

  static Chart sweepChart(Result result) {
    int n = result.sweep().size();
    double[] bits = new double[n];
    double[] transfer = new double[n];
    double[] tuned = new double[n];
    double[] exact = new double[n];
    for (int i = 0; i < n; i++) {
      SweepPoint p = result.sweep().get(i);
      bits[i] = p.bits();
      transfer[i] = 100 * p.transfer().test().war();
      tuned[i] = 100 * p.fineTuned().test().war();
      exact[i] = 100 * result.exact().test().war();
    }
    return new Chart("Spike-time and weight bits vs test WAR", "bits (spike times and weights)", "test WAR (%)")
        .add(new Chart.Series("exact transfer", bits, exact, true, false))
        .add(new Chart.Series("transfer", bits, transfer, true, true))
        .add(new Chart.Series("transfer + TTFS fine-tuning", bits, tuned, true, true));
  }

  /** The model-card section: both tables in Markdown. */
  public static String markdown(Result result) {
    StringBuilder md = new StringBuilder("## TTFS under hardware constraints\n\n");
    md.append("Constraints: ").append(result.constraints().describe()).append(String.format(Locale.ROOT,
        "; tau_c = %s ms; energy %s pJ per SynOp + %s pJ per spike. Every row is the event-driven simulator on the test"
            + " split (%d samples).%n%n", result.constraints().tauMillis(), result.constraints().synOpPicojoules(),
        result.constraints().spikePicojoules(), result.exact().test().work().samples()));
    if (!result.strategies().isEmpty()) {
      md.append("| strategy | test WAR | test UAR | SynOps | violations / sample | latency (tau_c) | latency (ms) | energy (nJ) |"
          + " twin agreement |\n|---|---|---|---|---|---|---|---|---|\n");
      List<TtfsFineTuning.Scored> rows = result.rows();
      for (TtfsFineTuning.Scored s : rows) {
        md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.0f | %.2f | %.3f | %.3f | %.2f | %s |%n",
            s == result.exact() ? "exact (no constraints)" : s.strategy(), s.test().war(), s.test().uar(),
            s.test().meanSynapticOperations(), perSample(s.test().work().violations(), s.test().work().samples()),
            s.network().latency(), s.latencyMillis(), s.picojoules() / 1000,
            Double.isNaN(s.twinAgreement()) ? "-" : String.format(Locale.ROOT, "%.4f", s.twinAgreement())));
      }
      md.append("\n![strategies](").append(STRATEGIES_CHART).append(")\n\n");
    }
    if (result.seeds() != null) {
      SeedSpread seeds = result.seeds();
      StringBuilder wars = new StringBuilder();
      for (double war : seeds.wars()) {
        wars.append(wars.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", war));
      }
      md.append(String.format(Locale.ROOT, "Fine-tuning with %d training seeds: test WAR %s; fine-tuned - exact %+.4f (95 %%"
          + " bootstrap interval %+.4f to %+.4f, sd %.4f); within 1 point of the exact net on %d of %d seeds; plain transfer"
          + " %.4f, exact %.4f.%n%n", seeds.wars().length, wars, seeds.meanGap(), seeds.lower(), seeds.upper(), seeds.sd(),
          seeds.withinOnePoint(), seeds.wars().length, seeds.transferWar(), seeds.exactWar()));
    }
    if (!result.sweep().isEmpty()) {
      md.append("| bits (spike times, weights) | test WAR transferred | test WAR fine-tuned | exact | recovered to within 1 point |\n"
          + "|---|---|---|---|---|\n");
      for (SweepPoint p : result.sweep()) {
        double exact = result.exact().test().war();
        md.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f | %.4f | %s |%n", p.bits(), p.transfer().test().war(),
            p.fineTuned().test().war(), exact, p.fineTuned().test().war() >= exact - 0.01 ? "yes" : "no"));
      }
      md.append("\n![sweep](").append(SWEEP_CHART).append(")\n");
    }
    return md.toString();
  }
}
