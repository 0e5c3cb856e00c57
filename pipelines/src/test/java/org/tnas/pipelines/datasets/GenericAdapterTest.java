package org.tnas.pipelines.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.tnas.pipelines.datasets.FakeTrees.CONF;
import static org.tnas.pipelines.datasets.FakeTrees.empty;
import static org.tnas.pipelines.datasets.FakeTrees.file;
import static org.tnas.pipelines.datasets.FakeTrees.frames;
import static org.tnas.pipelines.datasets.FakeTrees.hadoop;
import static org.tnas.pipelines.datasets.FakeTrees.uri;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;

class GenericAdapterTest {
  private static void tree(Path root) {
    empty(root.resolve("sad/c.mkv"));
    empty(root.resolve("happy/a.mp4"));
    empty(root.resolve("happy/b.AVI"));
    frames(root.resolve("happy/seq.1"), "1.png", "10.png", "2.png");
    file(root.resolve("sad/notes.txt"), "x");
    FakeTrees.dir(root.resolve("sad/empty"));
    file(root.resolve("root.txt"), "x");
  }

  @Test
  void labelFoldersHoldVideosAndFrameFolders(@TempDir Path root) {
    tree(root);
    Scan scan = DatasetAdapters.forName("generic").scan(hadoop(root), CONF);
    assertThat(scan.candidateCount()).isEqualTo(7);
    assertThat(scan.classNames()).containsExactly("happy", "sad");
    assertThat(scan.clips()).extracting(ClipSpec::clipId, ClipSpec::labelIndex, ClipSpec::kind).containsExactly(
        tuple("happy/a", 0, SourceKind.VIDEO_FILE), tuple("happy/b", 0, SourceKind.VIDEO_FILE),
        tuple("happy/seq.1", 0, SourceKind.IMAGE_SEQUENCE), tuple("sad/c", 1, SourceKind.VIDEO_FILE));
    assertThat(FakeTrees.names(scan.clips().get(2))).containsExactly("1.png", "2.png", "10.png");
    assertThat(scan.rejected()).extracting(Rejected::code, Rejected::reason).containsExactlyInAnyOrder(
        tuple(DatasetErrorCode.MISSING_LABEL, "Invalid input " + uri(root.resolve("root.txt"))
            + ": not inside a label folder (expected <root>/<label>/<clip>)"),
        tuple(DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + uri(root.resolve("sad/notes.txt"))
            + ": not a video or frame folder (expected .avi, .m4v, .mkv, .mov, .mp4, .mpeg, .mpg, .webm, .wmv)"),
        tuple(DatasetErrorCode.EMPTY_SEQUENCE, "Invalid sequence " + uri(root.resolve("sad/empty"))
            + ": no frame image (expected bmp, jpeg, jpg, png, tif, tiff)"));
  }

  @Test
  void configuredClassesRejectOtherLabels(@TempDir Path root) {
    tree(root);
    DatasetAdapter adapter = DatasetAdapters.forName("generic", Map.of("classes", "sad, angry"));
    assertThat(adapter.classNames()).containsExactly("sad", "angry");
    Scan scan = adapter.scan(hadoop(root), CONF);
    assertThat(scan.candidateCount()).isEqualTo(7);
    assertThat(scan.clips()).extracting(ClipSpec::clipId, ClipSpec::labelIndex).containsExactly(tuple("sad/c", 0));
    assertThat(scan.rejected()).filteredOn(r -> r.code() == DatasetErrorCode.INVALID_LABEL).extracting(Rejected::reason)
        .containsExactly("Invalid label: 'happy' (known: sad, angry)", "Invalid label: 'happy' (known: sad, angry)",
            "Invalid label: 'happy' (known: sad, angry)");
  }

  @Test
  void aManifestListsPathsLabelsAndSubjects(@TempDir Path dir) {
    Path root = dir.resolve("data");
    tree(root);
    empty(dir.resolve("elsewhere/x.mov"));
    Path manifest = file(root.resolve("manifest.csv"), "path,label,subject\n"
        + "happy/a.mp4,happy,S1\n"
        + "\"sad/c.mkv\",sad\n"
        + "happy/seq.1,happy,S2\n"
        + uri(dir.resolve("elsewhere/x.mov")) + ",sad,S3\n"
        + "missing.mp4,sad,S1\n"
        + "sad/notes.txt,sad\n"
        + "happy/b.AVI,,S4\n"
        + "just-one-field\n"
        + "\"unclosed,sad\n"
        + "../elsewhere/x.mov,sad,S5\n");
    Scan scan = DatasetAdapters.forName("generic", Map.of("manifest", "manifest.csv")).scan(hadoop(root), CONF);
    String m = uri(manifest);
    assertThat(scan.candidateCount()).isEqualTo(10);
    assertThat(scan.classNames()).containsExactly("happy", "sad");
    assertThat(scan.clips()).extracting(ClipSpec::clipId, ClipSpec::subject, ClipSpec::labelName, ClipSpec::kind)
        .containsExactly(tuple("happy/a", "S1", "happy", SourceKind.VIDEO_FILE), tuple("sad/c", "", "sad", SourceKind.VIDEO_FILE),
            tuple("happy/seq.1", "S2", "happy", SourceKind.IMAGE_SEQUENCE));
    assertThat(scan.rejected()).extracting(Rejected::code, Rejected::reason).containsExactlyInAnyOrder(
        tuple(DatasetErrorCode.OUTSIDE_ROOT, "Invalid manifest " + m + " line 5: " + uri(dir.resolve("elsewhere/x.mov"))
            + " is outside the dataset root " + uri(root) + " (a manifest may only list files inside its dataset)"),
        tuple(DatasetErrorCode.OUTSIDE_ROOT, "Invalid manifest " + m + " line 11: ../elsewhere/x.mov is outside the dataset root "
            + uri(root) + " (a manifest may only list files inside its dataset)"),
        tuple(DatasetErrorCode.MISSING_SOURCE, "Cannot find " + uri(root.resolve("missing.mp4")) + " (" + m + " line 6)"),
        tuple(DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + uri(root.resolve("sad/notes.txt")) + " (" + m
            + " line 7): not a video or frame folder (expected .avi, .m4v, .mkv, .mov, .mp4, .mpeg, .mpg, .webm, .wmv)"),
        tuple(DatasetErrorCode.MISSING_LABEL, "Cannot label " + uri(root.resolve("happy/b.AVI")) + ": empty label in "
            + m + " line 8"),
        tuple(DatasetErrorCode.INVALID_METADATA, "Invalid manifest " + m + " line 9: 'just-one-field' (expected "
            + "path,label[,subject])"),
        tuple(DatasetErrorCode.INVALID_METADATA, "Invalid manifest " + m + " line 10: '\"unclosed,sad' (expected "
            + "path,label[,subject])"));
    assertThatThrownBy(() -> new GenericAdapter("nope.csv", java.util.List.of()).scan(hadoop(root), CONF))
        .isInstanceOf(ProjectException.class).hasMessage("Cannot find the manifest " + uri(root.resolve("nope.csv")));
    assertThatThrownBy(() -> new GenericAdapter("../manifest.csv", java.util.List.of()).scan(hadoop(root), CONF))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid path ../manifest.csv: it points outside the dataset root " + hadoop(root)
            + " (give an absolute path or URI for a file kept elsewhere)");
  }

  @Test
  void theClassListCanBeGivenInsideTheCommaSeparatedLayoutOptions() {
    org.assertj.core.api.Assertions.assertThat(GenericAdapter.parseClasses("zero|one|two")).containsExactly("zero", "one", "two");
    org.assertj.core.api.Assertions.assertThat(GenericAdapter.parseClasses("a;b")).containsExactly("a", "b");
    org.assertj.core.api.Assertions.assertThat(GenericAdapter.parseClasses("a,b")).containsExactly("a", "b");
  }
}
