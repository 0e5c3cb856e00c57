package org.tnas.pipelines.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.tnas.pipelines.datasets.FakeTrees.CONF;
import static org.tnas.pipelines.datasets.FakeTrees.file;
import static org.tnas.pipelines.datasets.FakeTrees.frames;
import static org.tnas.pipelines.datasets.FakeTrees.hadoop;
import static org.tnas.pipelines.datasets.FakeTrees.uri;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;

class CkPlusAdapterTest {
  private static void sequence(Path root, String subject, String sequence, String emotion, String... frameNames) {
    frames(root.resolve("cohn-kanade-images").resolve(subject).resolve(sequence), frameNames);
    if (emotion != null) {
      file(root.resolve("Emotion").resolve(subject).resolve(sequence)
          .resolve(subject + "_" + sequence + "_00000010_emotion.txt"), emotion);
    }
  }

  @Test
  void everyCandidateIsAClipOrRejectedWithItsReason(@TempDir Path root) {
    sequence(root, "S005", "001", "   3.0000000e+00\n", "S005_001_00000010.png", "S005_001_00000002.png",
        "S005_001_00000001.png");
    sequence(root, "S010", "002", "5", "1.png", "10.png", "2.png");
    sequence(root, "S011", "001", "2.0000000e+00", "a.png");   // contempt
    sequence(root, "S011", "002", "0.0000000e+00", "a.png");   // neutral
    sequence(root, "S012", "001", null, "a.png");              // no label file
    sequence(root, "S013", "001", "seven", "a.png");           // malformed
    sequence(root, "S013", "002", "3.5", "a.png");             // not a whole number
    FakeTrees.dir(root.resolve("cohn-kanade-images/S014/001")); // no frames
    file(root.resolve("Emotion/S014/001/S014_001_00000001_emotion.txt"), "1");
    file(root.resolve("cohn-kanade-images/S005/readme.txt"), "x");
    file(root.resolve("cohn-kanade-images/notes.txt"), "x");
    file(root.resolve("cohn-kanade-images/.DS_Store"), "hidden: not a candidate");
    file(root.resolve("Emotion/S099/001/S099_001_00000005_emotion.txt"), "1"); // labels without images
    int candidates = 11;

    Scan scan = new CkPlusAdapter().scan(hadoop(root), CONF);

    assertThat(scan.candidateCount()).isEqualTo(candidates);
    assertThat(scan.clips().size() + scan.rejected().size()).isEqualTo(candidates);
    assertThat(scan.classNames()).containsExactly("happy", "fear", "surprise", "anger", "disgust", "sadness");
    assertThat(scan.clips()).extracting(ClipSpec::clipId, ClipSpec::subject, ClipSpec::sequence, ClipSpec::labelIndex,
        ClipSpec::labelName).containsExactly(tuple("S005/001", "S005", "001", 4, "disgust"),
        tuple("S010/002", "S010", "002", 0, "happy"));
    ClipSpec disgust = scan.clips().get(0);
    assertThat(disgust.kind()).isEqualTo(SourceKind.IMAGE_SEQUENCE);
    assertThat(disgust.location()).isEqualTo(uri(root.resolve("cohn-kanade-images/S005/001")));
    assertThat(FakeTrees.names(disgust))
        .containsExactly("S005_001_00000001.png", "S005_001_00000002.png", "S005_001_00000010.png");
    assertThat(FakeTrees.names(scan.clips().get(1))).containsExactly("1.png", "2.png", "10.png");
    assertThat(disgust.framesPerSecond()).isEqualTo(30.0);
    assertThat(disgust.attributes()).containsEntry("ckplus_code", "3")
        .containsEntry("label_file", uri(root.resolve("Emotion/S005/001/S005_001_00000010_emotion.txt")));
    assertThat(disgust.split()).isEmpty();

    String emotion = uri(root.resolve("Emotion"));
    assertThat(scan.rejected()).extracting(Rejected::uri, Rejected::code, Rejected::reason).containsExactlyInAnyOrder(
        tuple(uri(root.resolve("cohn-kanade-images/notes.txt")), DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input "
            + uri(root.resolve("cohn-kanade-images/notes.txt"))
            + ": not a subject folder (expected cohn-kanade-images/<subject>/<sequence>/)"),
        tuple(uri(root.resolve("cohn-kanade-images/S005/readme.txt")), DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input "
            + uri(root.resolve("cohn-kanade-images/S005/readme.txt"))
            + ": not a sequence folder (expected cohn-kanade-images/<subject>/<sequence>/)"),
        tuple(uri(root.resolve("cohn-kanade-images/S011/001")), DatasetErrorCode.INVALID_LABEL,
            "Invalid label: contempt is not one of the 6 Spiking-FER classes"),
        tuple(uri(root.resolve("cohn-kanade-images/S011/002")), DatasetErrorCode.INVALID_LABEL,
            "Invalid label: neutral is not one of the 6 Spiking-FER classes"),
        tuple(uri(root.resolve("cohn-kanade-images/S012/001")), DatasetErrorCode.MISSING_LABEL,
            "Cannot label sequence S012/001: no *_emotion.txt in " + emotion + "/S012/001"),
        tuple(uri(root.resolve("cohn-kanade-images/S013/001")), DatasetErrorCode.INVALID_LABEL,
            "Invalid label file " + emotion + "/S013/001/S013_001_00000010_emotion.txt: 'seven' (expected one number 0..7)"),
        tuple(uri(root.resolve("cohn-kanade-images/S013/002")), DatasetErrorCode.INVALID_LABEL,
            "Invalid label file " + emotion + "/S013/002/S013_002_00000010_emotion.txt: '3.5' (expected one number 0..7)"),
        tuple(uri(root.resolve("cohn-kanade-images/S014/001")), DatasetErrorCode.EMPTY_SEQUENCE, "Invalid sequence "
            + uri(root.resolve("cohn-kanade-images/S014/001")) + ": no frame image (expected bmp, jpeg, jpg, png, tif, tiff)"),
        tuple(emotion + "/S099/001", DatasetErrorCode.MISSING_SOURCE, "Cannot find the frames of S099/001: the label folder "
            + emotion + "/S099/001 has no cohn-kanade-images/S099/001 folder"));
  }

  @Test
  void labelCodesMapToTheSpikingFerClasses() {
    assertThat(CkPlusAdapter.parseCode("1.0000000e+00")).isEqualTo(1);
    assertThat(CkPlusAdapter.parseCode(" 7\n")).isEqualTo(7);
    assertThat(CkPlusAdapter.parseCode("8")).isEqualTo(-1);
    assertThat(CkPlusAdapter.parseCode("-1")).isEqualTo(-1);
    assertThat(CkPlusAdapter.parseCode("NaN")).isEqualTo(-1);
    assertThat(CkPlusAdapter.parseCode("3d")).isEqualTo(-1);
    assertThat(CkPlusAdapter.parseCode("1\n2")).isEqualTo(-1);
    assertThat(CkPlusAdapter.parseCode("")).isEqualTo(-1);
    // CK+ 1 anger, 3 disgust, 4 fear, 5 happy, 6 sadness, 7 surprise -> Spiking-FER names
    for (int code : new int[] {1, 3, 4, 5, 6, 7}) {
      assertThat(DatasetAdapters.SPIKING_FER_CLASSES).contains(CkPlusAdapter.CODE_NAMES.get(code));
    }
  }

  @Test
  void twoLabelFilesAreRejectedNamingBoth(@TempDir Path root) {
    sequence(root, "S005", "001", "3", "a.png");
    file(root.resolve("Emotion/S005/001/S005_001_00000011_emotion.txt"), "5");
    Scan scan = new CkPlusAdapter().scan(hadoop(root), CONF);
    assertThat(scan.clips()).isEmpty();
    assertThat(scan.rejected()).extracting(Rejected::reason).containsExactly("Invalid label of S005/001: 2 label files in "
        + uri(root.resolve("Emotion/S005/001")) + " (S005_001_00000010_emotion.txt, S005_001_00000011_emotion.txt)");
  }

  @Test
  void labelsCanComeFromTheBenchmarksFoldsFile(@TempDir Path root) {
    sequence(root, "S005", "001", "3", "a.png");     // disgust in both
    sequence(root, "S010", "001", null, "a.png");    // no Emotion file; fear in the folds
    sequence(root, "S010", "002", "2", "a.png");     // contempt in CK+; happy in the folds
    sequence(root, "S099", "001", "5", "a.png");     // no row
    FakeTrees.dir(root.resolve("cohn-kanade-images/S098/001"));
    file(root.resolve("Emotion/S097/001/S097_001_00000001_emotion.txt"), "1"); // not read in this mode
    Path folds = file(root.resolve("folds.csv"), "S005;001;5;0;0;0;1;1;0;0;1;0;0\r\nS010;001;2;0;1;0;1;0;0;1;0;0;1\r\n"
        + "S010;002;1;0;0;0;0;0;0;0;0;0;0\r\n");
    Scan scan = DatasetAdapters.forName("ckplus", Map.of("folds", "folds.csv")).scan(hadoop(root), CONF);
    assertThat(scan.candidateCount()).isEqualTo(5);
    assertThat(scan.clips()).extracting(ClipSpec::clipId, ClipSpec::labelName).containsExactly(
        tuple("S005/001", "disgust"), tuple("S010/001", "fear"), tuple("S010/002", "happy"));
    assertThat(scan.clips().get(1).attributes()).containsEntry("label_file", uri(folds) + " line 2");
    assertThat(scan.rejected()).extracting(Rejected::code, Rejected::reason).containsExactly(
        tuple(DatasetErrorCode.EMPTY_SEQUENCE, "Invalid sequence " + uri(root.resolve("cohn-kanade-images/S098/001"))
            + ": no frame image (expected bmp, jpeg, jpg, png, tif, tiff)"),
        tuple(DatasetErrorCode.MISSING_FOLD, "Cannot label sequence S099/001: " + uri(folds) + " has no row for it"));
    Folds.Join join = Folds.read(hadoop(folds), CONF).join(scan);
    assertThat(join.clips()).hasSize(3);
    assertThat(join.rowsWithoutClip()).isEmpty();
  }

  @Test
  void aRootWithoutTheImageFolderFails(@TempDir Path root) {
    assertThatThrownBy(() -> DatasetAdapters.forName("ckplus", Map.of()).scan(hadoop(root), CONF))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid CK+ root " + uri(root) + ": no cohn-kanade-images folder "
            + "(expected cohn-kanade-images/<subject>/<sequence>/*.png)");
  }
}
