package org.tnas.search.ranking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How well a supernet ranks subnets (../shared/docs/SEARCH.md section 4): for each sampled subnet,
 * its inherited-weight validation fitness and its stand-alone validation fitness after training from
 * scratch with several seeds. Reports Kendall's tau-b and Spearman's rho between the inherited
 * fitness and the seed-mean stand-alone fitness, with percentile bootstrap intervals over subnets,
 * beside the noise floor: the spread between seeds of one subnet against the spread between subnets,
 * and how well two seeds agree with each other. Immutable.
 *
 * @param subnets the sampled subnets with their scores
 * @param kendall tau-b (inherited vs seed-mean stand-alone) with its interval
 * @param spearman rho with its interval
 * @param withinSubnetSd the root mean within-subnet variance of stand-alone fitness over seeds
 * @param betweenSubnetSd the standard deviation of the seed means over subnets
 * @param seedAgreement mean Kendall tau-b between the stand-alone fitness of two seeds (all pairs)
 * @param validationSamples the size of the validation split the fitness was measured on
 */
public record RankingStudy(List<Subnet> subnets, RankCorrelation.Estimate kendall, RankCorrelation.Estimate spearman,
    double withinSubnetSd, double betweenSubnetSd, double seedAgreement, int validationSamples) {

  /** Bootstrap resamples of the intervals. */
  public static final int RESAMPLES = 2000;
  /** Level of the intervals. */
  public static final double LEVEL = 0.95;

  /**
   * One sampled subnet.
   *
   * @param genome its compact genome
   * @param origin where it came from ({@code search-top} or {@code random})
   * @param inherited its inherited-weight validation fitness
   * @param standalone its stand-alone validation fitness, one per training seed
   */
  public record Subnet(String genome, String origin, double inherited, double[] standalone) {
    public Subnet {
      Objects.requireNonNull(genome, "genome is null");
      Objects.requireNonNull(origin, "origin is null");
      standalone = standalone.clone();
      if (standalone.length == 0) {
        throw new IllegalArgumentException("Invalid stand-alone scores of " + genome + ": none");
      }
    }

    /** The mean stand-alone fitness over seeds. */
    public double mean() {
      double sum = 0;
      for (double v : standalone) {
        sum += v;
      }
      return sum / standalone.length;
    }

    /** The sample standard deviation over seeds (0 with one seed). */
    public double sd() {
      if (standalone.length < 2) {
        return 0;
      }
      double mean = mean();
      double sum = 0;
      for (double v : standalone) {
        sum += (v - mean) * (v - mean);
      }
      return Math.sqrt(sum / (standalone.length - 1));
    }
  }

  public RankingStudy {
    subnets = List.copyOf(subnets);
  }

  /** Computes the study from the subnets' scores; the bootstrap is seeded with {@code seed}. */
  public static RankingStudy of(List<Subnet> subnets, int validationSamples, long seed) {
    if (subnets.size() < 3) {
      throw new IllegalArgumentException("Invalid ranking study: " + subnets.size() + " subnets (expected at least 3)");
    }
    int seeds = subnets.get(0).standalone().length;
    double[] inherited = new double[subnets.size()];
    double[] means = new double[subnets.size()];
    double withinVariance = 0;
    for (int i = 0; i < subnets.size(); i++) {
      Subnet subnet = subnets.get(i);
      if (subnet.standalone().length != seeds) {
        throw new IllegalArgumentException("Invalid ranking study: " + subnet.genome() + " has "
            + subnet.standalone().length + " seeds, others " + seeds);
      }
      inherited[i] = subnet.inherited();
      means[i] = subnet.mean();
      withinVariance += subnet.sd() * subnet.sd();
    }
    double within = Math.sqrt(withinVariance / subnets.size());
    double between = sd(means);
    double agreement = Double.NaN;
    if (seeds >= 2) {
      double sum = 0;
      int pairs = 0;
      for (int a = 0; a < seeds; a++) {
        for (int b = a + 1; b < seeds; b++) {
          double[] x = new double[subnets.size()];
          double[] y = new double[subnets.size()];
          for (int i = 0; i < subnets.size(); i++) {
            x[i] = subnets.get(i).standalone()[a];
            y[i] = subnets.get(i).standalone()[b];
          }
          double tau = RankCorrelation.kendallTauB(x, y);
          if (!Double.isNaN(tau)) {
            sum += tau;
            pairs++;
          }
        }
      }
      agreement = pairs == 0 ? Double.NaN : sum / pairs;
    }
    return new RankingStudy(subnets,
        RankCorrelation.bootstrap(RankCorrelation.Statistic.KENDALL, inherited, means, RESAMPLES, LEVEL, seed),
        RankCorrelation.bootstrap(RankCorrelation.Statistic.SPEARMAN, inherited, means, RESAMPLES, LEVEL, seed + 1),
        within, between, agreement, validationSamples);
  }

  /** True when the seeds of one subnet differ as much as the subnets do: no search can rank them. */
  public boolean noiseSwampsDifferences() {
    return withinSubnetSd >= betweenSubnetSd;
  }

  /**
   * The validation samples at which the binomial standard error of a fitness near the subnets' mean
   * is half the spread between subnets: {@code 4 p (1 - p) / betweenSd^2}.
   */
  public int suggestedValidationSamples() {
    double p = 0;
    for (Subnet subnet : subnets) {
      p += subnet.mean();
    }
    p = Math.min(0.99, Math.max(0.01, p / subnets.size()));
    if (betweenSubnetSd <= 0) {
      return Integer.MAX_VALUE;
    }
    return (int) Math.ceil(4 * p * (1 - p) / (betweenSubnetSd * betweenSubnetSd));
  }

  /** One line stating the verdict. */
  public String verdict() {
    if (noiseSwampsDifferences()) {
      return String.format(Locale.ROOT, "the noise floor swamps the differences: stand-alone fitness varies as much between "
          + "training seeds of one subnet (sd %.4f) as between subnets (sd %.4f), so no search can rank these subnets on "
          + "this validation split (%d samples); grow it towards %d samples or average more seeds/repeated scoring",
          withinSubnetSd, betweenSubnetSd, validationSamples, suggestedValidationSamples());
    }
    if (Double.isNaN(kendall.lower()) || kendall.lower() <= 0) {
      return String.format(Locale.ROOT, "the supernet's ranking is not shown to be better than chance: Kendall tau %.3f, "
          + "95 %% interval %.3f to %.3f includes 0", kendall.value(), kendall.lower(), kendall.upper());
    }
    return String.format(Locale.ROOT, "the supernet ranks subnets better than chance: Kendall tau %.3f (95 %% interval "
        + "%.3f to %.3f)", kendall.value(), kendall.lower(), kendall.upper());
  }

  /** The per-subnet table as CSV (genomes quoted: they contain commas). */
  public String csv() {
    StringBuilder csv = new StringBuilder("genome,origin,inherited_fitness,standalone_mean,standalone_sd");
    int seeds = subnets.get(0).standalone().length;
    for (int s = 0; s < seeds; s++) {
      csv.append(",standalone_seed_").append(s);
    }
    csv.append('\n');
    for (Subnet subnet : subnets) {
      csv.append('"').append(subnet.genome().replace("\"", "\"\"")).append('"').append(',').append(subnet.origin())
          .append(String.format(Locale.ROOT, ",%.6f,%.6f,%.6f", subnet.inherited(), subnet.mean(), subnet.sd()));
      for (double v : subnet.standalone()) {
        csv.append(String.format(Locale.ROOT, ",%.6f", v));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  /** The summary as Markdown (a table of the statistics and the verdict). */
  public String markdown(String chartFile) {
    StringBuilder md = new StringBuilder("## Can the search be trusted? Supernet ranking vs stand-alone training\n\n");
    md.append(String.format(Locale.ROOT, "%d subnets (%d from the top of the search, %d random legal ones), each trained "
        + "stand-alone with the final-model recipe and %d seeds; fitness on the validation split (%d samples).%n%n",
        subnets.size(), count("search-top"), count("random"), subnets.get(0).standalone().length, validationSamples));
    md.append("| statistic | value | 95 % bootstrap interval |\n|---|---|---|\n");
    md.append(String.format(Locale.ROOT, "| Kendall tau-b (inherited vs seed-mean stand-alone) | %.3f | %.3f to %.3f |%n",
        kendall.value(), kendall.lower(), kendall.upper()));
    md.append(String.format(Locale.ROOT, "| Spearman rho | %.3f | %.3f to %.3f |%n", spearman.value(), spearman.lower(),
        spearman.upper()));
    md.append(String.format(Locale.ROOT, "| stand-alone sd between training seeds of one subnet | %.4f | |%n", withinSubnetSd));
    md.append(String.format(Locale.ROOT, "| stand-alone sd between subnets (seed means) | %.4f | |%n", betweenSubnetSd));
    md.append(String.format(Locale.ROOT, "| seed-vs-seed agreement (mean Kendall tau between two seeds) | %.3f | |%n%n",
        seedAgreement));
    md.append("Verdict: ").append(verdict()).append(".\n\n");
    md.append("![ranking](").append(chartFile).append(")\n\n");
    return md.toString();
  }

  private long count(String origin) {
    return subnets.stream().filter(s -> s.origin().equals(origin)).count();
  }

  static double sd(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / (values.length - 1));
  }

  /** The subnets' genomes in order. */
  public List<String> genomes() {
    List<String> genomes = new ArrayList<>();
    subnets.forEach(s -> genomes.add(s.genome()));
    return genomes;
  }
}
