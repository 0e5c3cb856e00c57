package org.tnas.pipelines.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.config.StrictConfig;
import org.tnas.formats.errors.ProjectException;
import org.tnas.udfs.testing.LocalSpark;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.report.SearchReport;

class PipelineJobTest {
  static PipelineSettings settings(Path output, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(Map.of(
        "pipeline.output", output.toUri().toString(), "pipeline.synthetic.clips-per-class", "10",
        "pipeline.supernet.epochs", "2", "pipeline.retrain.epochs", "2", "search.population-size", "4",
        "search.top-k", "2", "search.mutation.count", "2", "search.crossover.count", "2", "search.generations", "2",
        "search.scoring.spiking-samples", "8"));
    values.put("pipeline.ranking.subnets", "0");
    values.putAll(extra);
    return PipelineSettings.from(StrictConfig.builder(PipelineSettings.KEYS).layer(values, "test").build());
  }

  @Test
  void runsEndToEndAndTheSearchStepReusesTheSupernet(@TempDir Path dir) throws Exception {
    PipelineResult result = PipelineJob.run(settings(dir.resolve("run"), Map.of()), LocalSpark.session());
    assertThat(result.classNames()).hasSize(7);
    assertThat(result.search().results()).hasSize(8);
    assertThat(result.baseline().results()).hasSize(8);
    assertThat(result.finalModel().predictionAgreement()).isEqualTo(1.0);
    assertThat(result.finalModel().maxLogitDifference()).isLessThan(1e-4);
    for (String file : new String[] {SearchReport.FITNESS_CHART, SearchReport.PARETO_CHART, SearchReport.MODEL_CARD,
        SearchReport.GENERATIONS_TABLE, "final-model.weights"}) {
      assertThat(dir.resolve("run/report").resolve(file)).isNotEmptyFile();
    }
    assertThat(Files.readString(dir.resolve("run/report/model-card.md"))).contains("TTFS vs ReLU: same prediction | 100.00 %");

    PipelineResult search = PipelineJob.run(settings(dir.resolve("again"), Map.of(
        "pipeline.shards", result.shards(), "pipeline.supernet.checkpoint", result.supernetCheckpoint(),
        "pipeline.final-model", "false", "pipeline.baseline", "false")), LocalSpark.session());
    assertThat(search.finalModel()).isNull();
    assertThat(search.search().results().stream().map(EvaluationResult::withoutRunEnvironment).toList())
        .isEqualTo(result.search().results().stream().map(EvaluationResult::withoutRunEnvironment).toList());

    assertThatThrownBy(() -> PipelineJob.run(settings(dir.resolve("other"), Map.of(
        "pipeline.shards", result.shards(), "pipeline.supernet.checkpoint", result.supernetCheckpoint(),
        "pipeline.space", "default")), LocalSpark.session()))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Cannot search with supernet " + result.supernetCheckpoint() + ": its search space");
  }

  @Test
  void aConstrainedRunFineTunesItsTtfsNetComparesStrategiesSweepsBitsAndTheCommandRepeatsIt(@TempDir Path dir)
      throws Exception {
    Map<String, String> ttfs = Map.of("pipeline.baseline", "false", "ttfs.time-bits", "3", "ttfs.weight-bits", "3",
        "pipeline.ttfs.finetune.epochs", "2", "pipeline.ttfs.strategies", "true", "pipeline.ttfs.sweep", "4");
    PipelineResult result = PipelineJob.run(settings(dir.resolve("run"), ttfs), LocalSpark.session());
    Path report = dir.resolve("run/report");
    List<String> strategies = Files.readAllLines(report.resolve(org.tnas.search.run.TtfsStudy.STRATEGIES_TABLE));
    assertThat(strategies).hasSize(6);
    assertThat(strategies.subList(1, 6)).extracting(line -> line.substring(0, line.indexOf(',')))
        .containsExactly("exact", "inherited", "relu+transfer", "relu+transfer+finetune", "ttfs-from-scratch");
    // the exact transfer is the final model's TTFS net
    double exactWar = Double.parseDouble(strategies.get(1).split(",")[4]);
    assertThat(exactWar).isCloseTo(result.finalModel().spiking().war(), org.assertj.core.api.Assertions.within(1e-6));
    // the DJL twin that was trained predicts as the simulator that scores it
    String fineTuned = strategies.get(4);
    assertThat(Double.parseDouble(fineTuned.split(",")[12])).isGreaterThanOrEqualTo(0.95);
    assertThat(Files.readAllLines(report.resolve(org.tnas.search.run.TtfsStudy.SWEEP_TABLE))).hasSize(2);
    for (String file : new String[] {org.tnas.search.run.TtfsStudy.STRATEGIES_CHART, org.tnas.search.run.TtfsStudy.SWEEP_CHART}) {
      assertThat(report.resolve(file)).isNotEmptyFile();
    }
    assertThat(Files.readString(report.resolve("model-card.md"))).contains("## Latency and energy on hardware")
        .contains("## TTFS under hardware constraints")
        .contains("| relu+transfer+finetune |");

    // tnas ttfs on the run folder: the same transfer and the same fine-tuning, from the recipe alone
    org.tnas.search.run.TtfsStudy.Result again = TtfsStage.forRunFolder(new org.apache.hadoop.fs.Path(
        dir.resolve("run").toUri()), "", "", new org.tnas.search.ttfs.HardwareConstraints(3, 3, 0, 1, 0.9, 0),
        new TtfsOptions(2, 0.001, 0.01, false, new int[0], 2), new org.apache.hadoop.fs.Path(dir.resolve("again").toUri()),
        new org.apache.hadoop.conf.Configuration());
    assertThat(again.strategies()).extracting(org.tnas.search.run.TtfsFineTuning.Scored::strategy)
        .containsExactly("relu+transfer", "relu+transfer+finetune");
    assertThat(String.format(java.util.Locale.ROOT, "%.6f", again.strategies().get(0).test().war()))
        .isEqualTo(strategies.get(3).split(",")[4]);
    assertThat(String.format(java.util.Locale.ROOT, "%.6f", again.strategies().get(1).test().war()))
        .isEqualTo(fineTuned.split(",")[4]);
    assertThat(dir.resolve("again").resolve(org.tnas.search.run.TtfsStudy.CARD)).isNotEmptyFile();
    // a second fine-tuning seed: the spread over seeds, the first seed being the recipe's
    assertThat(again.seeds().wars()).hasSize(2);
    assertThat(again.seeds().wars()[0]).isEqualTo(again.strategies().get(1).test().war());
    assertThat(again.seeds().lower()).isLessThanOrEqualTo(again.seeds().meanGap());
    assertThat(again.seeds().upper()).isGreaterThanOrEqualTo(again.seeds().meanGap());
    assertThat(Files.readString(dir.resolve("again").resolve(org.tnas.search.run.TtfsStudy.CARD)))
        .contains("Fine-tuning with 2 training seeds");
  }

  @Test
  void aResumedPipelineKeepsItsSupernetStartsTheMissingBaselineAndEndsAsAnUninterruptedRun(@TempDir Path dir)
      throws Exception {
    PipelineResult uninterrupted = PipelineJob.run(settings(dir.resolve("whole"), Map.of()), LocalSpark.session());
    // a driver that died after the search, before the random baseline wrote its first checkpoint
    PipelineJob.run(settings(dir.resolve("cut"), Map.of("pipeline.baseline", "false", "pipeline.final-model", "false")),
        LocalSpark.session());
    Path checkpoint = dir.resolve("cut/supernet.ckpt");
    byte[] trained = Files.readAllBytes(checkpoint);
    java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(checkpoint);
    assertThat(dir.resolve("cut/random")).doesNotExist();
    // the same command without --resume is refused before anything is trained or written
    assertThatThrownBy(() -> PipelineJob.run(settings(dir.resolve("cut"), Map.of()), LocalSpark.session()))
        .isInstanceOf(ProjectException.class).hasMessageStartingWith("Cannot start run search: ")
        .hasMessageEndingWith("continue it with --resume or choose another output");

    PipelineResult resumed = PipelineJob.run(settings(dir.resolve("cut"), Map.of("search.resume", "true")),
        LocalSpark.session());
    assertThat(Files.getLastModifiedTime(checkpoint)).isEqualTo(written);
    assertThat(Files.readAllBytes(checkpoint)).isEqualTo(trained);
    assertThat(resumed.supernetValidationLoss()).containsExactly(uninterrupted.supernetValidationLoss());
    assertThat(resumed.search().results().stream().map(EvaluationResult::withoutRunEnvironment).toList())
        .isEqualTo(uninterrupted.search().results().stream().map(EvaluationResult::withoutRunEnvironment).toList());
    assertThat(resumed.baseline().results().stream().map(EvaluationResult::withoutRunEnvironment).toList())
        .isEqualTo(uninterrupted.baseline().results().stream().map(EvaluationResult::withoutRunEnvironment).toList());
    assertThat(resumed.finalModel().genome()).isEqualTo(uninterrupted.finalModel().genome());
    assertThat(resumed.finalModel().reluTest()).isEqualTo(uninterrupted.finalModel().reluTest());

    assertThatThrownBy(() -> PipelineJob.run(settings(dir.resolve("cut"), Map.of("search.resume", "true",
        "pipeline.supernet.epochs", "3")), LocalSpark.session()))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot resume " + dir.resolve("cut").toUri().toString().replaceAll("/+$", "")
            + ": the supernet was trained with other settings or data (training.epochs: 2 -> 3); start a new run in another output");

    // a checkpoint replaced after training is refused too (the local file system's own checksum file is replaced
    // as well, as another tool writing the file would do; on file systems without one only the digest notices)
    byte[] changed = trained.clone();
    changed[changed.length - 1] ^= 1;
    Files.deleteIfExists(checkpoint.resolveSibling(".supernet.ckpt.crc"));
    Files.write(checkpoint, changed);
    String recorded = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(trained));
    assertThatThrownBy(() -> PipelineJob.run(settings(dir.resolve("cut"), Map.of("search.resume", "true")), LocalSpark.session()))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Cannot resume " + dir.resolve("cut").toUri().toString().replaceAll("/+$", "") + ": "
            + resumed.supernetCheckpoint() + " is not the supernet this run trained (SHA-256 ")
        .hasMessageEndingWith(", recorded " + recorded + "); start a new run in another output");
  }

  @Test
  void aRunWithCropAndMirrorOnTheFramesCompletesAndRecordsTheDomainInModelCardRecipeAndResumeIdentity(@TempDir Path dir) throws Exception {
    Map<String, String> frames = Map.of("pipeline.crop-domain", "frames", "pipeline.supernet.augmentation",
        "hflip@0.5; crop; mirror@0.5", "pipeline.retrain.augmentation", "crop(min_scale=0.5); mirror@0.5",
        "pipeline.baseline", "false", "pipeline.ranking.subnets", "3", "pipeline.ranking.seeds", "1");
    PipelineResult result = PipelineJob.run(settings(dir.resolve("run"), frames), LocalSpark.session());
    assertThat(result.finalModel()).isNotNull();
    assertThat(Files.readString(dir.resolve("run/report/model-card.md")))
        .contains("augmentation per epoch: hflip@0.5; crop(")
        .contains("mirror(side=random)@0.5 (crop and mirror on the binned frames)");
    assertThat(Files.readString(dir.resolve("run/supernet.properties"))).contains("training.crop-domain=frames\n");
    org.tnas.search.run.RunRecipe recipe = org.tnas.search.run.RunRecipe.read(
        new org.apache.hadoop.fs.Path(dir.resolve("run").toUri()), new org.apache.hadoop.conf.Configuration());
    assertThat(recipe.cropDomain()).isEqualTo(org.tnas.udfs.core.CropDomain.FRAMES);
    // the same run resumed with crop and mirror on the events is refused before anything is trained
    Map<String, String> events = new HashMap<>(frames);
    events.remove("pipeline.crop-domain");
    events.put("search.resume", "true");
    assertThatThrownBy(() -> PipelineJob.run(settings(dir.resolve("run"), events), LocalSpark.session()))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot resume " + dir.resolve("run").toUri().toString().replaceAll("/+$", "")
            + ": the supernet was trained with other settings or data (training.crop-domain: frames -> events); start a new run in another output");
  }

  @Test
  void aCrossFoldRunAggregatesItsFoldsResumesFoldByFoldAndTheModelCardGroupsTheTestMetrics(@TempDir Path dir)
      throws Exception {
    // the synthetic samples' test folds are their subjects (0..9); the group parameter is the generator's kind
    Map<String, String> folds = Map.of("pipeline.folds", "3-4", "pipeline.baseline", "false",
        "pipeline.report.group-by", "synthetic.kind");
    PipelineJob.CrossFoldResult result = PipelineJob.runCrossFold(settings(dir.resolve("folds"), folds), LocalSpark.session());
    assertThat(result.folds()).containsExactly(3, 4);
    assertThat(result.results()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      PipelineResult fold = result.results().get(i);
      int k = result.folds().get(i);
      assertThat(fold.search().output()).endsWith("/fold-" + k + "/search");
      assertThat(fold.supernetCheckpoint()).endsWith("/fold-" + k + "/supernet.ckpt");
      // the fold's test split: the 7 classes x 1 clip of subject k
      assertThat(fold.testSamples()).isEqualTo(7);
      assertThat(fold.finalModel().testSampleIds()).allSatisfy(id -> assertThat(Integer.parseInt(id.substring(id.lastIndexOf('/') + 1)) % 10).isEqualTo(k));
    }
    double meanWar = (result.results().get(0).finalModel().spiking().war() + result.results().get(1).finalModel().spiking().war()) / 2;
    assertThat(result.summaries().get(0).metric()).isEqualTo("war");
    assertThat(result.summaries().get(0).mean()).isCloseTo(meanWar, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(result.summaries().get(0).count()).isEqualTo(2);
    String card = Files.readString(dir.resolve("folds/report").resolve(SearchReport.CROSS_FOLD_CARD));
    assertThat(card).contains("| 3 | `" + result.results().get(0).finalModel().genome() + "` |")
        .contains("Cross-fold (mean ± std over folds)").contains("| war | ");
    assertThat(dir.resolve("folds/report").resolve(SearchReport.CROSS_FOLD_CHART)).isNotEmptyFile();
    assertThat(Files.readAllLines(dir.resolve("folds/report").resolve(SearchReport.CROSS_FOLD_TABLE))).hasSize(3);
    assertThat(Files.readString(dir.resolve("folds/fold-4/report").resolve(SearchReport.MODEL_CARD)))
        .contains("### By synthetic.kind (TTFS, test split)").contains("| eye | 7 | ");
    assertThat(Files.readAllLines(dir.resolve("folds/report").resolve(SearchReport.CROSS_FOLD_SUMMARY)))
        .startsWith("metric,mean,std,folds").anySatisfy(line -> assertThat(line).startsWith("war,"));

    // a driver that died after fold 3: the resumed run keeps fold 3 (supernet not retrained) and runs fold 4
    Map<String, String> firstFold = new HashMap<>(folds);
    firstFold.put("pipeline.folds", "3");
    PipelineJob.runCrossFold(settings(dir.resolve("cut"), firstFold), LocalSpark.session());
    Path fold3 = dir.resolve("cut/fold-3/supernet.ckpt");
    byte[] trained = Files.readAllBytes(fold3);
    java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(fold3);
    assertThat(dir.resolve("cut/fold-4")).doesNotExist();
    Map<String, String> resume = new HashMap<>(folds);
    resume.put("search.resume", "true");
    PipelineJob.CrossFoldResult resumed = PipelineJob.runCrossFold(settings(dir.resolve("cut"), resume), LocalSpark.session());
    assertThat(Files.getLastModifiedTime(fold3)).isEqualTo(written);
    assertThat(Files.readAllBytes(fold3)).isEqualTo(trained);
    for (int i = 0; i < 2; i++) {
      assertThat(resumed.results().get(i).search().results().stream().map(EvaluationResult::withoutRunEnvironment).toList())
          .isEqualTo(result.results().get(i).search().results().stream().map(EvaluationResult::withoutRunEnvironment).toList());
    }
    assertThat(resumed.summaries()).isEqualTo(result.summaries());
    assertThat(Files.readString(dir.resolve("cut/report").resolve(SearchReport.CROSS_FOLD_TABLE)))
        .isEqualTo(Files.readString(dir.resolve("folds/report").resolve(SearchReport.CROSS_FOLD_TABLE)));

    assertThatThrownBy(() -> settings(dir, Map.of("pipeline.folds", "3-1")))
        .hasMessage("Invalid pipeline.folds: 3-1 (expected all, a range such as 0-9, or a list such as 0,3,7)");
    assertThat(PipelineSettings.parseFolds("all")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(PipelineSettings.parseFolds("7, 0-2")).containsExactly(0, 1, 2, 7);
    assertThatThrownBy(() -> settings(dir, Map.of("pipeline.folds", "0-1", "pipeline.fold", "2")))
        .hasMessage("Invalid pipeline.fold: 2 (pipeline.folds runs the folds; set one of the two)");
    assertThatThrownBy(() -> settings(dir, Map.of("pipeline.folds", "0-1", "pipeline.supernet.checkpoint", "/tmp/s.ckpt")))
        .hasMessage("Invalid pipeline.supernet.checkpoint: /tmp/s.ckpt (a cross-fold run trains one supernet per fold"
            + " without the fold's test split)");
    assertThatThrownBy(() -> settings(dir, Map.of("pipeline.folds", "0-1", "pipeline.final-model", "false")))
        .hasMessage("Invalid pipeline.final-model: false (a cross-fold run aggregates the final models' test scores)");
    // a fold without test samples is refused before anything is trained (the synthetic subjects are 0..9)
    String shards = result.results().get(0).shards();
    assertThatThrownBy(() -> PipelineJob.runCrossFold(settings(dir.resolve("empty"), Map.of("pipeline.shards", shards,
        "pipeline.folds", "4,12")), LocalSpark.session()))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot run the folds [4, 12] of " + shards + ": no sample lies in the test split of fold(s) [12]"
            + " (the records' test folds come from tnas convert --folds or the synthetic samples' subjects)");
    assertThat(dir.resolve("empty/fold-4")).doesNotExist();
  }

  /**
   * A small SEE-layout folder (emotion.json, event/ and frame/ trees): 2 emotions x 10 takes of
   * {@code frames} 16x12 event frames, lightings cycling normal, Low, HDR, Overexposed; takes 7-9
   * are in the testing subset.
   */
  static Path writeSeeLayout(Path root, int frames) throws java.io.IOException {
    StringBuilder database = new StringBuilder();
    String[] lightings = {"normal", "Low", "HDR", "Overexposed"};
    int sequence = 0;
    for (String emotion : new String[] {"angry", "happiness"}) {
      for (int take = 0; take < 10; take++) {
        sequence++;
        String lighting = lightings[take % 4];
        String name = sequence + "_" + String.format("%03d", take) + "_man_24_Master_" + lighting + "_" + emotion + "_" + frames + "_take000";
        boolean test = take >= 7;
        database.append(database.length() == 0 ? "" : ", ").append('"').append(name).append("\": {\"subset\": \"")
            .append(test ? "testing" : "training").append("\", \"annotations\": {\"label\": \"").append(emotion)
            .append("\", \"segment\": [0, ").append(frames - 1).append("]}}");
        Path folder = Files.createDirectories(root.resolve("event").resolve(emotion).resolve(name));
        Files.createDirectories(root.resolve("frame").resolve(emotion).resolve(name));
        for (int f = 0; f < frames; f++) {
          java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(16, 12, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
          for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
              // angry: events move down the left half, happiness: up the right half
              boolean left = x < 8;
              int row = emotion.equals("angry") ? (f * 3 + take) % 12 : 11 - (f * 3 + take) % 12;
              boolean event = (left == emotion.equals("angry")) && Math.abs(y - row) <= 1 && (x + y + take) % 3 != 0;
              image.getRaster().setSample(x, y, 0, event ? (f % 2 == 0 ? 255 : 0) : 128);
            }
          }
          javax.imageio.ImageIO.write(image, "png", folder.resolve(String.format("%05d.png", f)).toFile());
        }
      }
    }
    Files.writeString(root.resolve("emotion.json"), "{\"labels\": [\"angry\", \"disgust\", \"fear\", \"happiness\", "
        + "\"neutral\", \"sadness\", \"surprise\"], \"database\": {" + database + "}}");
    return root;
  }

  @Test
  void aSeeDatasetIsConvertedFirstAndTheModelCardReportsAccuracyPerLighting(@TempDir Path dir) throws Exception {
    Path root = writeSeeLayout(dir.resolve("SEE"), 4);
    PipelineResult result = PipelineJob.run(settings(dir.resolve("run"), Map.of("pipeline.input", root.toString(),
        "convert.layout", "see", "pipeline.baseline", "false", "pipeline.time-bins", "2")), LocalSpark.session());
    assertThat(result.shards()).endsWith("/run/shards");
    assertThat(result.testSamples()).isEqualTo(6);
    assertThat(result.trainSamples() + result.validationSamples()).isEqualTo(14);
    assertThat(dir.resolve("run/shards").resolve(org.tnas.pipelines.convert.ConvertJob.REPORT_FILE)).isNotEmptyFile();
    String card = Files.readString(dir.resolve("run/report").resolve(SearchReport.MODEL_CARD));
    assertThat(card).contains("### By source.lighting (TTFS, test split)").contains("| low | 2 | ")
        .contains("| normal | 2 | ").contains("| overexposed | 2 | ");
    // SEE data: SEE's protocol by default; sequences of 4 frames fit the 4-frame clip whole, so the 20 passes agree
    assertThat(result.testPasses().passes()).hasSize(20);
    assertThat(result.testPasses().summary("war").standardDeviation()).isZero();
    assertThat(result.testPasses().summary("war").mean()).isEqualTo(result.finalModel().spiking().war());
    assertThat(card).contains("## Test passes: mean ± std over 20 passes")
        .contains("SEE's protocol (pipeline.test.clip=auto on SEE data)")
        .contains("time_clip(duration=132000,step=33000)");

    assertThatThrownBy(() -> settings(dir.resolve("x"), Map.of("convert.layout", "see")))
        .hasMessage("Invalid convert.layout: set without pipeline.input (the convert.* keys configure the conversion of pipeline.input)");
    assertThatThrownBy(() -> settings(dir.resolve("x"), Map.of("pipeline.input", root.toString(), "pipeline.shards", "/tmp/s")))
        .hasMessage("Invalid pipeline.input: " + root + " (pipeline.shards is set too: use one)");
  }

  @Test
  void aSeeLayoutRunTestsTheFinalModelOnRepeatedRandomClipsWithMeanAndStd(@TempDir Path dir) throws Exception {
    // sequences of 8 frames: each test pass draws one of 5 four-frame clips per sequence
    Path root = writeSeeLayout(dir.resolve("SEE"), 8);
    Map<String, String> see = Map.of("pipeline.input", root.toString(), "convert.layout", "see", "pipeline.baseline",
        "false", "pipeline.time-bins", "2", "pipeline.test.passes", "3");
    PipelineResult result = PipelineJob.run(settings(dir.resolve("run"), see), LocalSpark.session());
    Path report = dir.resolve("run/report");
    List<String> table = Files.readAllLines(report.resolve(TestPassesStage.TABLE));
    assertThat(table).hasSize(4);
    assertThat(table.get(0)).startsWith("pass,samples,war,uar,synaptic_operations,spikes_per_neuron,relu_agreement,recall[0]")
        .contains("\"war[low]\",\"uar[low]\"");
    double[] war = new double[3];
    for (int k = 1; k <= 3; k++) {
      String[] row = table.get(k).split(",");
      assertThat(row[0]).isEqualTo(Integer.toString(k));
      assertThat(row[1]).isEqualTo("6");
      war[k - 1] = Double.parseDouble(row[2]);
    }
    double mean = (war[0] + war[1] + war[2]) / 3;
    double std = Math.sqrt(((war[0] - mean) * (war[0] - mean) + (war[1] - mean) * (war[1] - mean)
        + (war[2] - mean) * (war[2] - mean)) / 2);
    org.tnas.search.results.MetricSummary summary = result.testPasses().summary("war");
    assertThat(summary.mean()).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(summary.standardDeviation()).isCloseTo(std, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(summary.count()).isEqualTo(3);
    // pass 1 is the final model's own test evaluation
    assertThat(war[0]).isCloseTo(result.finalModel().spiking().war(), org.assertj.core.api.Assertions.within(1e-6));
    assertThat(Files.readAllLines(report.resolve(TestPassesStage.SUMMARY))).startsWith("metric,mean,std,passes")
        .anySatisfy(line -> assertThat(line).startsWith("\"war\"," + String.format(java.util.Locale.ROOT, "%.6f,%.6f,3",
            summary.mean(), summary.standardDeviation())))
        .anySatisfy(line -> assertThat(line).startsWith("\"war[overexposed]\","));
    assertThat(Files.readString(report.resolve(SearchReport.MODEL_CARD)))
        .contains("## Test passes: mean ± std over 3 passes").contains("| source.lighting = low: WAR (accuracy) | ")
        .contains("| recall angry | ").contains("| recall happiness | ").contains("| pass | samples | WAR | UAR |");

    // the passes' inputs differ (other clips), the same pass is the same clip every time it is loaded
    PipelineSettings again = settings(dir.resolve("again"), Map.of("pipeline.shards", result.shards(),
        "pipeline.supernet.checkpoint", result.supernetCheckpoint(), "pipeline.baseline", "false",
        "pipeline.time-bins", "2", "pipeline.test.passes", "3"));
    org.apache.hadoop.conf.Configuration conf = LocalSpark.session().sparkContext().hadoopConfiguration();
    PipelineData data = PipelineData.prepare(again, LocalSpark.session(), dir.resolve("again").toUri().toString());
    FoldInputs inputs = FoldInputs.load(again, data, data.testSplit(again, -1), conf, Map.of());
    assertThat(inputs.protocol().clip()).isEqualTo(TestPassOptions.SEE_CLIP);
    org.tnas.search.data.LabelledTensorSet second = inputs.testPass(2, conf);
    assertThat(second.sampleIds()).isEqualTo(inputs.test().sampleIds());
    boolean differs = false;
    for (int i = 0; i < second.size(); i++) {
      differs |= !java.util.Arrays.equals(second.input(i), inputs.test().input(i));
      assertThat(inputs.testPass(2, conf).input(i)).isEqualTo(second.input(i));
    }
    assertThat(differs).as("pass 2 draws other clips than pass 1").isTrue();

    // the same seed gives the same table (the run again on its shards and supernet)
    PipelineResult repeated = PipelineJob.run(again, LocalSpark.session());
    assertThat(repeated.finalModel().genome()).isEqualTo(result.finalModel().genome());
    assertThat(Files.readString(dir.resolve("again/report").resolve(TestPassesStage.TABLE)))
        .isEqualTo(Files.readString(report.resolve(TestPassesStage.TABLE)));

    // under hardware constraints the passes test the TTFS net fine-tuned under them (what the hardware runs)
    PipelineJob.run(settings(dir.resolve("constrained"), Map.of("pipeline.shards", result.shards(),
        "pipeline.supernet.checkpoint", result.supernetCheckpoint(), "pipeline.baseline", "false",
        "pipeline.time-bins", "2", "pipeline.test.passes", "3", "ttfs.time-bits", "3", "ttfs.weight-bits", "3",
        "pipeline.ttfs.finetune.epochs", "1")), LocalSpark.session());
    Path constrained = dir.resolve("constrained/report");
    assertThat(Files.readString(constrained.resolve(SearchReport.MODEL_CARD)))
        .contains("the TTFS net fine-tuned under spike times 3 bit, weights 3 bit");
    String fineTunedRow = Files.readAllLines(constrained.resolve(org.tnas.search.run.TtfsStudy.STRATEGIES_TABLE)).stream()
        .filter(line -> line.startsWith("relu+transfer+finetune,")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(Files.readAllLines(constrained.resolve(TestPassesStage.TABLE)).get(1).split(",")[2]))
        .isCloseTo(Double.parseDouble(fineTunedRow.split(",")[4]), org.assertj.core.api.Assertions.within(1e-6));

    // more than one pass needs a clip: on data that are not SEE's, auto gives none (refused before training)
    assertThatThrownBy(() -> PipelineJob.run(settings(dir.resolve("synthetic"), Map.of("pipeline.test.passes", "3")),
        LocalSpark.session()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid pipeline.test.passes: 3 (pipeline.test.clip=auto gives no clip on data that are not SEE's, so"
            + " every pass would see the same whole test clips; set a clip, e.g. time_clip(duration=132000,step=33000))");
    assertThat(dir.resolve("synthetic/supernet.ckpt")).doesNotExist();
  }

  @Test
  void unknownAndInvalidSettingsAreRejected() {
    assertThatThrownBy(() -> StrictConfig.builder(PipelineSettings.KEYS).layer(Map.of("search.populaton-size", "3"), "test"))
        .hasMessageStartingWith("Invalid config key: search.populaton-size (from test; known keys:");
    assertThatThrownBy(() -> settings(Path.of("/tmp/x"), Map.of("pipeline.evaluator", "gpu")))
        .hasMessage("Invalid pipeline.evaluator: gpu (expected one of spark, in-process) from test");
    assertThatThrownBy(() -> settings(Path.of("/tmp/x"), Map.of("pipeline.test-fraction", "0.2", "pipeline.fold", "3")))
        .hasMessage("Invalid pipeline.test-subjects/pipeline.test-fraction: set with pipeline.fold or pipeline.folds"
            + " (a test split by subject or by fold: use one)");
    assertThatThrownBy(() -> settings(Path.of("/tmp/x"), Map.of("pipeline.ranking.subnets", "2")))
        .hasMessage("Invalid pipeline.ranking.subnets: 2 (a rank correlation needs at least 3 subnets; 0 switches the study off)");
  }

  @Test
  void aSubjectSplitHoldsOutWholeSubjectsTheRankingStudyIsReportedAndAnEmptyTestSplitIsRefusedBeforeTraining(
      @TempDir Path dir) throws Exception {
    PipelineResult result = PipelineJob.run(settings(dir.resolve("run"), Map.of("pipeline.test-fraction", "0.2",
        "pipeline.ranking.subnets", "4", "pipeline.ranking.seeds", "2", "pipeline.baseline", "false")),
        LocalSpark.session());
    // 10 synthetic subjects of 7 clips each: two whole subjects held out
    assertThat(result.testSamples()).isEqualTo(14);
    String card = Files.readString(dir.resolve("run/report").resolve(SearchReport.MODEL_CARD));
    assertThat(card).containsPattern("\\| test split \\| subjects synthetic-0\\d,synthetic-0\\d \\|")
        .contains("## Can the search be trusted? Supernet ranking vs stand-alone training")
        .contains("## Provenance").contains("| wall time per stage | data ").contains("| machine | ")
        .contains("| samples per class: test | 14 [2, 2, 2, 2, 2, 2, 2] |");
    assertThat(result.ranking().subnets()).hasSize(4);
    assertThat(result.ranking().subnets()).allSatisfy(subnet -> assertThat(subnet.standalone()).hasSize(2));
    assertThat(result.ranking().subnets().get(0).origin()).isEqualTo("search-top");
    List<String> table = Files.readAllLines(dir.resolve("run/report").resolve(RankingStage.TABLE));
    assertThat(table).hasSize(5);
    assertThat(table.get(1)).startsWith("\"" + result.ranking().subnets().get(0).genome() + "\",search-top,");
    assertThat(dir.resolve("run/report").resolve(RankingStage.CHART)).isNotEmptyFile();

    // the run folder records its recipe: retraining the winner with it gives the final model's weights and scores
    org.tnas.search.run.RunRecipe recipe = org.tnas.search.run.RunRecipe.read(
        new org.apache.hadoop.fs.Path(dir.resolve("run").toUri()), new org.apache.hadoop.conf.Configuration());
    org.tnas.search.run.RunRecipe.Retrained again = recipe.retrain(
        org.tnas.search.space.Genome.parse(result.finalModel().genome()), 1, new org.apache.hadoop.conf.Configuration());
    assertThat(again.weights()).isEqualTo(result.finalModel().weights());
    assertThat(again.test().war()).isEqualTo(result.finalModel().reluTest());
    assertThat(again.test().total()).isEqualTo(14);

    // a split without test samples, or an unknown subject, is refused before anything is trained
    assertThatThrownBy(() -> PipelineJob.run(settings(dir.resolve("empty"), Map.of("pipeline.shards", result.shards(),
        "pipeline.fold", "12")), LocalSpark.session()))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Cannot build a final model from " + result.shards() + ": no sample lies in the test split"
            + " (fold 12); hold out subjects with pipeline.test-subjects=<s1,s2> or pipeline.test-fraction=0.2");
    assertThat(dir.resolve("empty/supernet.ckpt")).doesNotExist();
    assertThatThrownBy(() -> PipelineJob.run(settings(dir.resolve("unknown"), Map.of("pipeline.shards", result.shards(),
        "pipeline.test-subjects", "synthetic-03,nobody")), LocalSpark.session()))
        .hasMessage("Invalid pipeline.test-subjects: [nobody] (no sample of " + result.shards() + " has that subject)");
  }
}
