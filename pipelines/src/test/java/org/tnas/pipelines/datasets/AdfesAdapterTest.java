package org.tnas.pipelines.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.tnas.pipelines.datasets.FakeTrees.CONF;
import static org.tnas.pipelines.datasets.FakeTrees.empty;
import static org.tnas.pipelines.datasets.FakeTrees.file;
import static org.tnas.pipelines.datasets.FakeTrees.hadoop;
import static org.tnas.pipelines.datasets.FakeTrees.uri;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;

class AdfesAdapterTest {
  private static void videos(Path root) {
    empty(root.resolve("F01-Anger-Face Forward.mpeg"));
    empty(root.resolve("F01-Joy-Face Forward.mpeg"));
    empty(root.resolve("Mediterranean/M05_sadness.mpg"));
    empty(root.resolve("M02-Contempt-Face Forward.mpeg"));
    empty(root.resolve("F01-Neutral-Face Forward.mpeg"));
    empty(root.resolve("F02-Embarrass-Face Forward.mpeg"));
    empty(root.resolve("F02-Sleepy.mpeg"));
    empty(root.resolve("Anger-Face Forward.mpeg"));
    empty(root.resolve("F03-Anger-Joy.mpeg"));
    empty(root.resolve("F01-Anger-Face Turned.mpeg"));  // same id as the face-forward video
    file(root.resolve("notes.txt"), "x");
  }

  @Test
  void videosAreLabelledFromTheirNames(@TempDir Path root) {
    videos(root);
    int candidates = 11;
    Scan scan = DatasetAdapters.forName("adfes").scan(hadoop(root), CONF);

    assertThat(scan.candidateCount()).isEqualTo(candidates);
    assertThat(scan.clips()).extracting(ClipSpec::clipId, ClipSpec::subject, ClipSpec::labelName, ClipSpec::kind)
        .containsExactly(tuple("F01/001", "F01", "anger", SourceKind.VIDEO_FILE),
            tuple("F01/004", "F01", "happy", SourceKind.VIDEO_FILE),
            tuple("M05/005", "M05", "sadness", SourceKind.VIDEO_FILE));
    assertThat(scan.clips().get(0).sources()).containsExactly(uri(root.resolve("F01-Anger-Face Forward.mpeg")));
    assertThat(scan.clips().get(0).framesPerSecond()).isZero();
    assertThat(scan.rejected()).extracting(Rejected::code, Rejected::reason).containsExactlyInAnyOrder(
        tuple(DatasetErrorCode.INVALID_LABEL, "Invalid label: contempt is not one of the 6 Spiking-FER classes"),
        tuple(DatasetErrorCode.INVALID_LABEL, "Invalid label: neutral is not one of the 6 Spiking-FER classes"),
        tuple(DatasetErrorCode.INVALID_LABEL, "Invalid label: embarrassment is not one of the 6 Spiking-FER classes"),
        tuple(DatasetErrorCode.INVALID_LABEL, "Invalid expression: no expression word in 'F02-Sleepy.mpeg' (known: "
            + "anger, contempt, disgust, embarrass, fear, joy, neutral, pride, sadness, surprise)"),
        tuple(DatasetErrorCode.INVALID_NAME, "Invalid name 'Anger-Face Forward.mpeg': no subject code such as F01 or M02"),
        tuple(DatasetErrorCode.INVALID_LABEL, "Invalid expression: 'F03-Anger-Joy.mpeg' names anger and happy"),
        tuple(DatasetErrorCode.DUPLICATE_CLIP, "Invalid clip " + uri(root.resolve("F01-Anger-Face Turned.mpeg"))
            + ": its id F01/001 is already taken by " + uri(root.resolve("F01-Anger-Face Forward.mpeg"))),
        tuple(DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + uri(root.resolve("notes.txt"))
            + ": not a video (expected .avi, .m4v, .mkv, .mov, .mp4, .mpeg, .mpg, .webm, .wmv)"));
  }

  @Test
  void aSubjectMapGivesTheBenchmarksSubjects(@TempDir Path dir) {
    Path root = dir.resolve("adfes");
    empty(root.resolve("F01-Anger-Face Forward.mpeg"));
    empty(root.resolve("M05-Surprise.mpeg"));
    file(root.resolve("subjects.csv"), "# adfes,benchmark\nF01,S001\n");
    Scan scan = DatasetAdapters.forName("adfes", Map.of("subject-map", "subjects.csv")).scan(hadoop(root), CONF);
    assertThat(scan.candidateCount()).isEqualTo(2);
    assertThat(scan.clips()).extracting(ClipSpec::clipId).containsExactly("S001/001");
    assertThat(scan.clips().get(0).attributes()).containsEntry("adfes_subject", "F01");
    assertThat(scan.rejected()).extracting(Rejected::reason).containsExactly(
        "Cannot map ADFES subject M05 of 'M05-Surprise.mpeg': not in the subject map subjects.csv");

    file(root.resolve("subjects.csv"), "F01;S001\n");
    assertThatThrownBy(() -> new AdfesAdapter("subjects.csv").scan(hadoop(root), CONF))
        .isInstanceOf(ProjectException.class).hasMessage("Invalid subject map " + uri(root.resolve("subjects.csv"))
            + " line 1: 'F01;S001' (expected adfes_subject,benchmark_subject such as F01,S001)");
  }
}
