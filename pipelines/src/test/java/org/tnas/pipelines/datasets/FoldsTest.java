package org.tnas.pipelines.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.tnas.pipelines.datasets.FakeTrees.CONF;
import static org.tnas.pipelines.datasets.FakeTrees.hadoop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.testing.SharedData;

class FoldsTest {
  private static Folds real(String name) {
    return Folds.read(hadoop(SharedData.require("folds/" + name + "_folds.csv")), CONF);
  }

  private static int[] testSizes(Folds folds) {
    int[] sizes = new int[Folds.FOLD_COUNT];
    for (Folds.Row row : folds.rows()) {
      row.testFolds().forEach(fold -> sizes[fold]++);
    }
    return sizes;
  }

  private static Map<Integer, Long> rowsByTestFoldCount(Folds folds) {
    return folds.rows().stream().collect(Collectors.groupingBy(r -> r.testFolds().size(), Collectors.counting()));
  }

  /**
   * Facts of the four published files, measured once and asserted here: the ten folds are ten
   * separate test splits of about a fifth of the rows (not a partition: a row lies in 0..6 test
   * splits), and they are not subject-independent (a fold's test and train splits share subjects).
   */
  @Test
  void theBenchmarksFoldFiles() {
    Folds ck = real("CKPlusDVS");
    Folds adfes = real("ADFESDVS");
    Folds casia = real("CASIADVS");
    Folds mmi = real("MMIDVS");
    assertThat(ck.rows()).hasSize(357);
    assertThat(adfes.rows()).hasSize(131);
    assertThat(casia.rows()).hasSize(478);
    assertThat(mmi.rows()).hasSize(207);
    for (Folds folds : List.of(ck, adfes, casia, mmi)) {
      assertThat(folds.rows()).allSatisfy(row -> assertThat(row.labelIndex()).isBetween(0, 5));
      assertThat(folds.rows()).allSatisfy(row -> assertThat(row.sequence()).matches("[0-9]{3}"));
    }
    // subjects
    assertThat(ck.rows().stream().map(Folds.Row::subject).distinct().count()).isEqualTo(99);
    assertThat(adfes.rows().stream().map(Folds.Row::subject).distinct().count()).isEqualTo(22);
    assertThat(casia.rows().stream().map(Folds.Row::subject).distinct().count()).isEqualTo(80);
    assertThat(mmi.rows().stream().map(Folds.Row::subject).distinct().count()).isEqualTo(31);
    // how many test splits a row lies in
    assertThat(rowsByTestFoldCount(ck)).containsExactlyInAnyOrderEntriesOf(
        Map.of(0, 39L, 1, 84L, 2, 124L, 3, 72L, 4, 31L, 5, 6L, 6, 1L));
    assertThat(rowsByTestFoldCount(adfes)).containsExactlyInAnyOrderEntriesOf(
        Map.of(0, 10L, 1, 40L, 2, 40L, 3, 27L, 4, 11L, 5, 3L));
    assertThat(rowsByTestFoldCount(casia)).containsExactlyInAnyOrderEntriesOf(
        Map.of(0, 45L, 1, 121L, 2, 164L, 3, 104L, 4, 32L, 5, 11L, 6, 1L));
    assertThat(rowsByTestFoldCount(mmi)).containsExactlyInAnyOrderEntriesOf(
        Map.of(0, 23L, 1, 55L, 2, 60L, 3, 49L, 4, 14L, 5, 5L, 6, 1L));
    // test split sizes per fold: about a fifth of the rows
    assertThat(testSizes(ck)).containsExactly(71, 70, 71, 71, 71, 71, 71, 71, 71, 70);
    assertThat(testSizes(adfes)).containsOnly(26);
    assertThat(testSizes(casia)).containsOnly(95);
    assertThat(testSizes(mmi)).containsExactly(41, 41, 41, 41, 41, 40, 41, 41, 41, 41);
    // not subject-independent: CK+ fold 0 has 50 subjects in both its train and its test split
    Set<String> test0 = new HashSet<>();
    Set<String> train0 = new HashSet<>();
    for (Folds.Row row : ck.rows()) {
      (row.testFolds().contains(0) ? test0 : train0).add(row.subject());
    }
    test0.retainAll(train0);
    assertThat(test0).hasSize(50);
    // Oulu-CASIA and ADFES: sequence n is always the n-th expression in alphabetical order
    for (Folds folds : List.of(casia, adfes)) {
      Map<String, Set<String>> labelsBySequence = new HashMap<>();
      folds.rows().forEach(r -> labelsBySequence.computeIfAbsent(r.sequence(), k -> new HashSet<>()).add(r.labelName()));
      assertThat(labelsBySequence).containsExactlyInAnyOrderEntriesOf(Map.of("001", Set.of("anger"), "002",
          Set.of("disgust"), "003", Set.of("fear"), "004", Set.of("happy"), "005", Set.of("sadness"), "006",
          Set.of("surprise")));
    }
    // CK+ labels differ in count from CK+'s own emotion files (327 labelled, 309 in the 6 classes)
    Map<String, Long> ckLabels = ck.rows().stream().collect(Collectors.groupingBy(Folds.Row::labelName, Collectors.counting()));
    assertThat(ckLabels).containsExactlyInAnyOrderEntriesOf(Map.of("happy", 94L, "fear", 53L, "surprise", 77L, "anger",
        36L, "disgust", 38L, "sadness", 59L));
    // first row: S005;001;5;0;0;0;1;1;0;0;1;0;0
    Folds.Row first = ck.row("S005/001");
    assertThat(first.labelName()).isEqualTo("disgust");
    assertThat(first.testFolds()).containsExactly(3, 4, 7);
    assertThat(first.line()).isEqualTo(1);
  }

  @Test
  void badFilesNameTheFileTheLineAndWhatWasExpected(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("folds.csv");
    String name = FakeTrees.uri(file);
    Files.writeString(file, "S1;001;2;0;0;0;0;0;0;0;0;0;1\r\n\r\nS1;002;0;0;0;0;0;0;0;0;0;0;0\r\n");
    assertThatThrownBy(() -> Folds.read(hadoop(file), CONF)).isInstanceOf(ProjectException.class)
        .hasMessage("Invalid folds file " + name + " line 3: label 0 is not 1 or more");
    assertThatThrownBy(() -> Folds.parse("S1;001;2;0;0;0;0;0;0;0;0;0;0\nS1;002;2;0;0\n", "f.csv"))
        .hasMessage("Invalid folds file f.csv line 2: expected 13 fields (subject;sequence;label;10 fold flags, as the first row), found 5");
    assertThatThrownBy(() -> Folds.parse("S1;001;2\n", "f.csv"))
        .hasMessage("Invalid folds file f.csv line 1: expected subject;sequence;label and at least one fold flag (10 in Spiking-FER's files), found 3 fields");
    assertThatThrownBy(() -> Folds.parse("S1;001;x;0;0;0;0;0;0;0;0;0;0\n", "f.csv"))
        .hasMessage("Invalid folds file f.csv line 1: label 'x' is not a whole number from 1");
    // other datasets: any label, any number of folds (10 digit classes, 5 folds)
    Folds digits = Folds.parse("w1;001;10;1;0;0;0;0\nw2;001;3;0;0;0;0;1\n", "digits.csv");
    assertThat(digits.rows().get(0).labelName(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"))).isEqualTo("9");
    assertThat(digits.rows().get(1).testFolds()).containsExactly(4);
    assertThatThrownBy(() -> Folds.parse("S1;001;2;0;0;0;0;0;0;0;0;0;2\n", "f.csv"))
        .hasMessage("Invalid folds file f.csv line 1: fold flag 10 is '2', expected 0 or 1");
    assertThatThrownBy(() -> Folds.parse(";001;2;0;0;0;0;0;0;0;0;0;0\n", "f.csv"))
        .hasMessage("Invalid folds file f.csv line 1: empty subject");
    assertThatThrownBy(() -> Folds.parse("S1;001;2;0;0;0;0;0;0;0;0;0;0\nS1;1;3;0;0;0;0;0;0;0;0;0;0\n", "f.csv"))
        .hasMessage("Invalid folds file f.csv line 2: sequence S1/001 is listed twice (first on line 1)");
    assertThat(Folds.parse("\uFEFFS1;7;2;1;0;0;0;0;0;0;0;0;1", "f.csv").row("S1/007").testFolds()).containsExactly(0, 9);
  }

  private static ClipSpec clip(String subject, String sequence, String label) {
    return new ClipSpec(subject + "/" + sequence, "ckplus", subject, sequence,
        DatasetAdapters.SPIKING_FER_CLASSES.indexOf(label), label, SourceKind.IMAGE_SEQUENCE,
        "file:/d/" + subject + "/" + sequence, List.of("file:/d/" + subject + "/" + sequence + "/1.png"), 30,
        Map.of("lighting", "low"), "");
  }

  @Test
  void joiningAScanPlacesClipsAndReportsTheRest() {
    Folds folds = Folds.parse("S005;001;5;0;0;0;1;1;0;0;1;0;0\nS010;002;1;1;0;0;0;0;0;0;0;0;0\n"
        + "S011;001;2;0;1;0;0;0;0;0;0;0;0\nS020;001;3;0;0;0;0;0;0;0;0;0;0\n", "folds.csv");
    Rejected adapterRejected = new Rejected("file:/d/S030/001", DatasetErrorCode.MISSING_LABEL, "Cannot label S030/001");
    Scan scan = new Scan("ckplus", DatasetAdapters.SPIKING_FER_CLASSES, List.of(clip("S005", "001", "disgust"),
        clip("S010", "002", "happy"), clip("S011", "001", "anger"), clip("S014", "001", "surprise")),
        List.of(adapterRejected));

    Folds.Join join = folds.join(scan);

    assertThat(join.clips().size() + join.rejected().size()).isEqualTo(scan.candidateCount());
    assertThat(join.clips()).extracting(ClipSpec::clipId).containsExactly("S005/001", "S010/002");
    assertThat(join.rejected()).extracting(Rejected::code, Rejected::reason).containsExactly(
        tuple(DatasetErrorCode.MISSING_LABEL, "Cannot label S030/001"),
        tuple(DatasetErrorCode.INVALID_LABEL, "Invalid label of S011/001: anger in the dataset, fear in folds.csv line 3"),
        tuple(DatasetErrorCode.MISSING_FOLD, "Cannot place S014/001 in a fold: folds.csv has no row for it"));
    assertThat(join.rowsWithoutClip()).extracting(Folds.Row::key).containsExactly("S011/001", "S020/001");

    Folds.Split<ClipSpec> fold3 = folds.split(join.clips(), 3);
    assertThat(fold3.test()).extracting(ClipSpec::clipId).containsExactly("S005/001");
    assertThat(fold3.train()).extracting(ClipSpec::clipId).containsExactly("S010/002");
    assertThat(folds.split(join.clips(), 0).test()).extracting(ClipSpec::clipId).containsExactly("S010/002");
    assertThatThrownBy(() -> folds.split(join.clips(), 10)).hasMessage("Invalid fold: 10 (expected 0..9)");
    assertThatThrownBy(() -> folds.split(List.of(clip("S014", "001", "surprise")), 1))
        .hasMessage("Cannot place S014/001 in a fold: folds.csv has no row for it");

    SampleRecord record = DatasetAdapters.toSampleRecord(join.clips().get(0), folds, Map.of("emulator_preset", "clean"));
    assertThat(record.sampleId()).isEqualTo("S005/001");
    assertThat(record.dataset()).isEqualTo("ckplus");
    assertThat(record.subject()).isEqualTo("S005");
    assertThat(record.labelIndex()).isEqualTo(4);
    assertThat(record.labelName()).isEqualTo("disgust");
    assertThat(record.split()).isEmpty();
    assertThat(record.testFolds()).containsExactly(3, 4, 7);
    assertThat(record.sourcePath()).isEqualTo("file:/d/S005/001");
    assertThat(record.parameters()).containsExactlyInAnyOrderEntriesOf(Map.of("emulator_preset", "clean", "source.kind",
        "IMAGE_SEQUENCE", "source.frames", "1", "source.frames_per_second", "30.000", "source.lighting", "low"));
    assertThat(DatasetAdapters.toSampleRecord(join.clips().get(0), null, Map.of()).testFolds()).isEmpty();
    assertThatThrownBy(() -> DatasetAdapters.toSampleRecord(join.clips().get(0), null, Map.of("source.kind", "x")))
        .hasMessage("Invalid parameter: source.kind (the source.* keys are the clip's)");

    List<SampleRecord> records = join.clips().stream().map(c -> DatasetAdapters.toSampleRecord(c, folds, Map.of())).toList();
    Folds.Split<SampleRecord> byRecords = Folds.splitRecords(records, 3);
    assertThat(byRecords.test()).extracting(SampleRecord::sampleId).containsExactly("S005/001");
    assertThat(byRecords.train()).extracting(SampleRecord::sampleId).containsExactly("S010/002");
  }

  @Test
  void theRealCkPlusFoldsJoinAFakeCkPlusTree(@TempDir Path root) {
    Folds ck = real("CKPlusDVS");
    // S005/001 is disgust in both CK+ (code 3) and the folds; S010/001 is fear (code 4) in the folds
    FakeTrees.frames(root.resolve("cohn-kanade-images/S005/001"), "a.png");
    FakeTrees.file(root.resolve("Emotion/S005/001/S005_001_00000011_emotion.txt"), "3.0000000e+00");
    FakeTrees.frames(root.resolve("cohn-kanade-images/S010/001"), "a.png");
    FakeTrees.file(root.resolve("Emotion/S010/001/S010_001_00000011_emotion.txt"), "5.0000000e+00");
    Folds.Join join = ck.join(DatasetAdapters.forName("ckplus").scan(hadoop(root), CONF));
    assertThat(join.clips()).extracting(ClipSpec::clipId).containsExactly("S005/001");
    assertThat(join.rejected()).extracting(Rejected::reason).containsExactly("Invalid label of S010/001: happy in the "
        + "dataset, fear in " + ck.source() + " line 2");
    assertThat(join.rowsWithoutClip()).hasSize(356);
  }
}
