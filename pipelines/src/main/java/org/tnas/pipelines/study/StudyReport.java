package org.tnas.pipelines.study;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.search.report.Chart;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.search.training.Eda;

/**
 * The study's aggregation and report: mean +- standard deviation (sample, n - 1) of the fold WAR
 * per (phase, EDA set, model); per model the OLS regression of the common fold scores on the five
 * 0/1 indicators ({@link Regression}); charts like the paper's figures 4 (mean accuracy per
 * combination), 5 (coefficients with their standard errors; p < 0.05 marked) and 6 (the specific
 * EDAs); a Markdown report. Immutable.
 */
public record StudyReport(List<Summary> summaries, Map<String, List<Regression.Coefficient>> regressions) {
  /** Mean and standard deviation of the fold scores of one EDA set and model. */
  public record Summary(String phase, String edas, int mask, String model, int folds, double meanWar, double stdWar,
      double meanUar) {}

  /** Aggregates the rows (common runs that miss folds are aggregated over the folds present). */
  public static StudyReport of(List<StudyRow> rows) {
    Map<String, List<StudyRow>> groups = new TreeMap<>();
    for (StudyRow row : rows) {
      groups.computeIfAbsent(row.phase() + "|" + row.model() + "|" + String.format(Locale.ROOT, "%02d", row.mask()) + "|" + row.edas(),
          key -> new ArrayList<>()).add(row);
    }
    List<Summary> summaries = new ArrayList<>();
    for (List<StudyRow> group : groups.values()) {
      double[] war = group.stream().mapToDouble(StudyRow::war).toArray();
      double[] uar = group.stream().mapToDouble(StudyRow::uar).toArray();
      StudyRow first = group.get(0);
      summaries.add(new Summary(first.phase(), first.edas(), first.mask(), first.model(), group.size(), mean(war), std(war), mean(uar)));
    }
    Map<String, List<Regression.Coefficient>> regressions = new LinkedHashMap<>();
    for (Map.Entry<String, List<StudyRow>> model : StudyJob.byModel(rows).entrySet()) {
      List<StudyRow> common = model.getValue().stream().filter(r -> r.phase().equals("common")).toList();
      if (common.size() < Eda.COMMON.size() + 2) {
        continue;
      }
      // only the indicators that vary in the grid (a partial grid leaves some constant, which would
      // make the design matrix singular); the report lists the regressors used
      List<Integer> varying = new ArrayList<>();
      for (int j = 0; j < Eda.COMMON.size(); j++) {
        final int bit = j;
        if (common.stream().mapToInt(r -> (r.mask() >> bit) & 1).distinct().count() > 1) {
          varying.add(j);
        }
      }
      if (varying.isEmpty() || common.size() < varying.size() + 2) {
        continue;
      }
      double[][] x = new double[common.size()][varying.size()];
      double[] y = new double[common.size()];
      for (int i = 0; i < common.size(); i++) {
        for (int j = 0; j < varying.size(); j++) {
          x[i][j] = (common.get(i).mask() >> varying.get(j)) & 1;
        }
        y[i] = common.get(i).war();
      }
      try {
        regressions.put(model.getKey(), Regression.fit(x, y, varying.stream().map(j -> Eda.COMMON.get(j).label()).toList()));
      } catch (RuntimeException singular) {
        // fewer distinct combinations than indicators: no regression for this model
      }
    }
    return new StudyReport(summaries, regressions);
  }

  /** The common combination of {@code model} with the best mean WAR (ties: the lower mask). */
  public static Set<Eda> bestCombination(List<StudyRow> rows, String model) {
    StudyReport report = of(rows);
    Summary best = null;
    for (Summary s : report.summaries()) {
      if (s.phase().equals("common") && s.model().equals(model) && (best == null || s.meanWar() > best.meanWar())) {
        best = s;
      }
    }
    return best == null ? EnumSet.noneOf(Eda.class) : Eda.fromMask(best.mask());
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? Double.NaN : sum / values.length;
  }

  private static double std(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double m = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - m) * (v - m);
    }
    return Math.sqrt(sum / (values.length - 1));
  }

  /** Figure 4: mean WAR (+- std) per common combination and model. */
  public byte[] combinationsPng() {
    Chart chart = new Chart("Common EDA combinations: mean validation WAR over folds", "combination (bit mask)", "WAR");
    int m = 0;
    for (String model : models()) {
      List<Summary> common = summaries.stream().filter(s -> s.phase().equals("common") && s.model().equals(model)).toList();
      double shift = m == 0 ? -0.2 : 0.2;
      double[] x = common.stream().mapToDouble(s -> s.mask() + shift).toArray();
      chart.add(Chart.Series.bars(model, x, common.stream().mapToDouble(Summary::meanWar).toArray(), 0.4,
          common.stream().mapToDouble(Summary::stdWar).toArray()));
      m++;
    }
    return chart.png(1100, 500);
  }

  /** Figure 5: regression coefficients with +- one standard error. */
  public byte[] coefficientsPng() {
    Chart chart = new Chart("OLS of fold WAR on the EDA indicators (whiskers: +- SE; * p < 0.05 in report.md)", "EDA", "coefficient");
    List<String> labels = new ArrayList<>();
    for (Eda eda : Eda.COMMON) {
      labels.add(eda.label());
    }
    chart.categories(labels);
    int m = 0;
    for (Map.Entry<String, List<Regression.Coefficient>> entry : regressions.entrySet()) {
      List<Regression.Coefficient> slopes = entry.getValue().subList(1, entry.getValue().size());
      double[] x = new double[slopes.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = labels.indexOf(slopes.get(i).name()) + (m == 0 ? -0.2 : 0.2);
      }
      chart.add(Chart.Series.bars(entry.getKey(), x, slopes.stream().mapToDouble(Regression.Coefficient::estimate).toArray(), 0.4,
          slopes.stream().mapToDouble(Regression.Coefficient::standardError).toArray()));
      m++;
    }
    return chart.png(900, 500);
  }

  /** Figure 6: the best common combination alone, + EventDrop, + EventDrop + Mirror. */
  public byte[] specificPng(List<StudyRow> rows) {
    Chart chart = new Chart("Specific EDAs: A = best common, B = A + eventdrop, C = B + mirror", "variant", "mean WAR");
    chart.categories(List.of("A", "B", "C"));
    int m = 0;
    for (String model : models()) {
      Set<Eda> best = bestCombination(rows, model);
      double[] means = new double[3];
      double[] stds = new double[3];
      for (Summary s : summaries) {
        if (!s.model().equals(model)) {
          continue;
        }
        Set<Eda> set = Eda.parseSet(s.edas());
        Set<Eda> withDrop = EnumSet.copyOf(best.isEmpty() ? EnumSet.noneOf(Eda.class) : best);
        withDrop.add(Eda.EVENTDROP);
        Set<Eda> withMirror = EnumSet.copyOf(withDrop);
        withMirror.add(Eda.MIRROR);
        int variant = s.phase().equals("common") && set.equals(best) ? 0 : set.equals(withDrop) ? 1 : set.equals(withMirror) ? 2 : -1;
        if (variant >= 0) {
          means[variant] = s.meanWar();
          stds[variant] = s.stdWar();
        }
      }
      chart.add(Chart.Series.bars(model, new double[] {m == 0 ? -0.2 : 0.2, 1 + (m == 0 ? -0.2 : 0.2), 2 + (m == 0 ? -0.2 : 0.2)},
          means, 0.4, stds));
      m++;
    }
    return chart.png(700, 450);
  }

  private List<String> models() {
    return summaries.stream().map(Summary::model).distinct().sorted().toList();
  }

  /** The Markdown report. */
  public String markdown(int pending) {
    StringBuilder text = new StringBuilder("# EDA study\n\n");
    if (pending > 0) {
      text.append("**Incomplete: ").append(pending).append(" runs are still pending; run the same command again to continue.**\n\n");
    }
    text.append("## Mean validation WAR over folds (+- sample std)\n\n| phase | EDAs | mask | model | folds | WAR mean | WAR std | UAR mean |\n")
        .append("|---|---|---:|---|---:|---:|---:|---:|\n");
    for (Summary s : summaries) {
      text.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %d | %.2f %% | %.2f | %.2f %% |%n", s.phase(), s.edas(), s.mask(),
          s.model(), s.folds(), 100 * s.meanWar(), 100 * s.stdWar(), 100 * s.meanUar()));
    }
    for (Map.Entry<String, List<Regression.Coefficient>> entry : regressions.entrySet()) {
      text.append("\n## OLS regression of the ").append(entry.getKey()).append(" fold WAR on the EDA indicators\n\n")
          .append("| term | coefficient | standard error | t | p (two-sided) |\n|---|---:|---:|---:|---:|\n");
      for (Regression.Coefficient c : entry.getValue()) {
        text.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.3f | %.4f%s |%n", c.name(), c.estimate(), c.standardError(), c.t(),
            c.p(), c.p() < 0.05 ? " *" : ""));
      }
    }
    text.append("\nCharts: combinations.png (figure 4), coefficients.png (figure 5), specific.png (figure 6). Tables: results.csv, results.arrow.\n");
    return text.toString();
  }

  /** Writes report.md and the three charts into {@code output}. */
  public void write(Path output, Configuration conf, int pending) {
    HadoopFiles.writeAtomically(new Path(output, "report.md"), conf, markdown(pending).getBytes(StandardCharsets.UTF_8));
    HadoopFiles.writeAtomically(new Path(output, "combinations.png"), conf, combinationsPng());
    HadoopFiles.writeAtomically(new Path(output, "coefficients.png"), conf, coefficientsPng());
  }
}
