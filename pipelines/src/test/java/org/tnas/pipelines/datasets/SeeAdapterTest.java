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

class SeeAdapterTest {
  static final String ANGRY = "1_001_man_24_Master_normal_angry_45_take000";
  static final String HAPPY = "2_002_woman_22_Bachelor_Overexposed_happiness_30_take001";
  static final String MISSING = "3_003_man_30_PhD_Low_fear_20_take000";
  static final String SAD = "4_004_man_30_High_school_HDR_sadness_25_take002";
  static final String EMPTY = "5_005_man_30_PhD_normal_surprise_20_take000";
  static final String JOY = "6_006_man_30_PhD_normal_joy_20_take000";
  static final String MISMATCH = "7_007_man_30_PhD_normal_fear_20_take000";
  static final String UNLABELLED = "8_008_man_30_PhD_normal_fear_20_take000";
  static final String DEV = "9_009_man_30_PhD_normal_fear_20_take000";
  static final String UNLISTED = "10_010_woman_40_PhD_Low_neutral_20_take000";

  private static String entry(String name, String subset, String label) {
    return "\"" + name + "\": {\"subset\": \"" + subset + "\", \"annotations\": {\"label\": \"" + label
        + "\", \"segment\": [0, 63]}}";
  }

  static void tree(Path root) {
    file(root.resolve("emotion.json"), "{\"labels\": [\"angry\", \"disgust\", \"fear\", \"happiness\", \"neutral\", "
        + "\"sadness\", \"surprise\"], \"database\": {" + String.join(", ",
        entry(ANGRY, "training", "angry"), entry(HAPPY, "testing", "happiness"), entry(MISSING, "training", "fear"),
        entry(SAD, "testing", "sadness"), entry(EMPTY, "training", "surprise"), entry(JOY, "training", "joy"),
        entry("badname", "training", "fear"), entry(MISMATCH, "training", "disgust"),
        "\"" + UNLABELLED + "\": {\"subset\": \"training\"}", entry(DEV, "dev", "fear")) + "}}");
    for (String source : new String[] {"event", "frame"}) {
      frames(root.resolve(source).resolve("angry").resolve(ANGRY), "00000.jpg", "00001.jpg", "00002.jpg");
      frames(root.resolve(source).resolve("happiness").resolve(HAPPY), "00000.jpg");
      frames(root.resolve(source).resolve("sadness").resolve(SAD), "00000.jpg");
      FakeTrees.dir(root.resolve(source).resolve("surprise").resolve(EMPTY));
      frames(root.resolve(source).resolve("neutral").resolve(UNLISTED), "00000.jpg");
      frames(root.resolve(source).resolve("fear").resolve(ANGRY), "00000.jpg"); // listed, but as angry
    }
    file(root.resolve("event/readme.txt"), "x");
  }

  @Test
  void theDatabaseGivesLabelsSplitsAndNameAttributes(@TempDir Path root) {
    tree(root);
    // 10 database entries + the unlisted folder + the folder in the wrong emotion + readme.txt
    int candidates = 13;
    Scan scan = DatasetAdapters.forName("see").scan(hadoop(root), CONF);

    assertThat(scan.candidateCount()).isEqualTo(candidates);
    assertThat(scan.classNames()).containsExactly("angry", "disgust", "fear", "happiness", "neutral", "sadness", "surprise");
    assertThat(scan.clips()).extracting(ClipSpec::clipId, ClipSpec::subject, ClipSpec::labelIndex, ClipSpec::split,
        ClipSpec::kind).containsExactly(tuple(ANGRY, "001", 0, "train", SourceKind.EVENT_FRAMES),
        tuple(HAPPY, "002", 3, "test", SourceKind.EVENT_FRAMES), tuple(SAD, "004", 5, "test", SourceKind.EVENT_FRAMES));
    ClipSpec angry = scan.clips().get(0);
    assertThat(angry.location()).isEqualTo(uri(root.resolve("event/angry").resolve(ANGRY)));
    assertThat(FakeTrees.names(angry)).containsExactly("00000.jpg", "00001.jpg", "00002.jpg");
    assertThat(angry.framesPerSecond()).isEqualTo(1000.0 / 33.0);
    assertThat(angry.attributes()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(Map.entry("sequence_number", "1"),
        Map.entry("subject", "001"), Map.entry("sex", "man"), Map.entry("age", "24"), Map.entry("degree", "Master"),
        Map.entry("lighting", "normal"), Map.entry("name_emotion", "angry"), Map.entry("length", "45"),
        Map.entry("take", "000"), Map.entry("subset", "training"), Map.entry("segment", "0,63")));
    assertThat(scan.clips().get(1).attributes()).containsEntry("lighting", "overexposed");
    assertThat(scan.clips().get(2).attributes()).containsEntry("degree", "High_school").containsEntry("lighting", "hdr")
        .containsEntry("take", "002");

    String event = uri(root.resolve("event"));
    assertThat(scan.rejected()).extracting(Rejected::code, Rejected::reason).containsExactlyInAnyOrder(
        tuple(DatasetErrorCode.MISSING_SOURCE, "Cannot find the frames of " + MISSING + ": emotion.json lists it but "
            + event + "/fear/" + MISSING + " is not a folder"),
        tuple(DatasetErrorCode.EMPTY_SEQUENCE, "Invalid sequence " + event + "/surprise/" + EMPTY
            + ": no frame image (expected bmp, jpeg, jpg, png, tif, tiff)"),
        tuple(DatasetErrorCode.INVALID_LABEL, "Invalid label of " + JOY + ": 'joy' is not one of SEE's 7 classes "
            + "(angry, disgust, fear, happiness, neutral, sadness, surprise)"),
        tuple(DatasetErrorCode.INVALID_NAME, "Invalid sequence name 'badname': expected "
            + "<seq#>_<ID>_<sex>_<age>_<degree>_<lighting>_<emotion>_<length>_<take#>"),
        tuple(DatasetErrorCode.INVALID_LABEL, "Invalid label of " + MISMATCH + ": disgust in emotion.json, fear in its name"),
        tuple(DatasetErrorCode.MISSING_LABEL, "Cannot label " + UNLABELLED + ": emotion.json entry " + UNLABELLED
            + " has no annotations.label"),
        tuple(DatasetErrorCode.INVALID_METADATA, "Invalid subset of " + DEV + " in emotion.json: 'dev' (expected "
            + "training or testing)"),
        tuple(DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + event + "/neutral/" + UNLISTED
            + ": sequence not listed in emotion.json"),
        tuple(DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + event + "/fear/" + ANGRY + ": emotion.json lists "
            + ANGRY + " as angry, not fear"),
        tuple(DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + event + "/readme.txt: not an emotion folder "
            + "(expected event/<emotion>/<sequence>/)"));
  }

  @Test
  void intensityFramesAreAnOption(@TempDir Path root) {
    tree(root);
    Scan scan = DatasetAdapters.forName("see", Map.of("source", "frame")).scan(hadoop(root), CONF);
    assertThat(scan.candidateCount()).isEqualTo(12);  // no readme.txt under frame/
    assertThat(scan.clips()).extracting(ClipSpec::kind).containsOnly(SourceKind.IMAGE_SEQUENCE);
    assertThat(scan.clips().get(0).location()).isEqualTo(uri(root.resolve("frame/angry").resolve(ANGRY)));
    assertThatThrownBy(() -> DatasetAdapters.forName("see", Map.of("source", "aps")))
        .hasMessage("Invalid SEE source: aps (known: event, frame)");
  }

  @Test
  void aMissingOrMalformedAnnotationFileFailsTheScan(@TempDir Path root) {
    assertThatThrownBy(() -> new SeeAdapter().scan(hadoop(root), CONF)).isInstanceOf(ProjectException.class)
        .hasMessage("Invalid SEE root " + uri(root) + ": no emotion.json");
    file(root.resolve("emotion.json"), "{\"database\": {\"a\": }");
    assertThatThrownBy(() -> new SeeAdapter().scan(hadoop(root), CONF)).isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Invalid annotation file " + uri(root.resolve("emotion.json")) + ": line 1: Unexpected character");
    file(root.resolve("emotion.json"), "{\"labels\": [\"angry\", \"bored\"], \"database\": {}}");
    assertThatThrownBy(() -> new SeeAdapter().scan(hadoop(root), CONF)).hasMessage("Invalid annotation file "
        + uri(root.resolve("emotion.json")) + ": label \"bored\" is not one of SEE's 7 classes "
        + "(angry, disgust, fear, happiness, neutral, sadness, surprise)");
    file(root.resolve("emotion.json"), "{\"labels\": []}");
    assertThatThrownBy(() -> new SeeAdapter().scan(hadoop(root), CONF))
        .hasMessage("Invalid annotation file " + uri(root.resolve("emotion.json")) + ": no \"database\" object");
  }

  @Test
  void sequenceNamesParseFromBothEnds() {
    assertThat(SeeAdapter.parseName("1_001_man_24_Master_normal_angry_45_take000")).containsEntry("degree", "Master");
    assertThat(SeeAdapter.parseName("12_100_woman_31_Senior_High_School_Low_fear_18_take3"))
        .containsEntry("degree", "Senior_High_School").containsEntry("lighting", "low").containsEntry("take", "3")
        .containsEntry("subject", "100").containsEntry("length", "18");
    assertThat(SeeAdapter.parseName("1_001_man_24_normal_angry_45_take000")).isNull();  // 8 fields
    assertThat(SeeAdapter.parseName("1_001_man_x_Master_normal_angry_45_take000")).isNull();
    assertThat(SeeAdapter.parseName("1_001_man_24_Master_normal_angry_45_000")).isNull();
  }
}
