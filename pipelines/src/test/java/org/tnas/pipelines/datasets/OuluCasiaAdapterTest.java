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

class OuluCasiaAdapterTest {
  @Test
  void sequencesGetTheBenchmarksSubjectAndSequenceNumbers(@TempDir Path root) {
    Path part = root.resolve("VL/Strong");
    frames(part.resolve("P001/Anger"), "000.jpeg", "001.jpeg");
    frames(part.resolve("P001/Happiness"), "000.jpeg");
    frames(part.resolve("P001/Neutral"), "000.jpeg");            // not an Oulu-CASIA expression
    FakeTrees.dir(part.resolve("P001/Surprise"));                // no frames
    file(part.resolve("P001/notes.txt"), "x");
    frames(part.resolve("P012/fear"), "000.jpeg");                // case-insensitive
    file(part.resolve("readme.txt"), "x");
    frames(part.resolve("extra/Anger"), "000.jpeg");             // not a subject folder
    frames(root.resolve("NI/Dark/P003/Sadness"), "000.jpeg");    // another part: not scanned by default
    int candidates = 8;

    Scan scan = DatasetAdapters.forName("oulu").scan(hadoop(root), CONF);

    assertThat(scan.candidateCount()).isEqualTo(candidates);
    assertThat(scan.clips()).extracting(ClipSpec::clipId, ClipSpec::subject, ClipSpec::sequence, ClipSpec::labelName,
        ClipSpec::labelIndex).containsExactly(tuple("S001/001", "S001", "001", "anger", 3),
        tuple("S001/004", "S001", "004", "happy", 0), tuple("S012/003", "S012", "003", "fear", 1));
    ClipSpec anger = scan.clips().get(0);
    assertThat(anger.framesPerSecond()).isEqualTo(25.0);
    assertThat(anger.kind()).isEqualTo(SourceKind.IMAGE_SEQUENCE);
    assertThat(FakeTrees.names(anger)).containsExactly("000.jpeg", "001.jpeg");
    assertThat(anger.attributes()).containsEntry("oulu_subject", "P001").containsEntry("oulu_expression", "Anger")
        .containsEntry("part", "VL/Strong");
    assertThat(scan.rejected()).extracting(Rejected::code, Rejected::reason).containsExactlyInAnyOrder(
        tuple(DatasetErrorCode.INVALID_LABEL,
            "Invalid expression: 'Neutral' (known: Anger, Disgust, Fear, Happiness, Sadness, Surprise)"),
        tuple(DatasetErrorCode.EMPTY_SEQUENCE, "Invalid sequence " + uri(part.resolve("P001/Surprise"))
            + ": no frame image (expected bmp, jpeg, jpg, png, tif, tiff)"),
        tuple(DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + uri(part.resolve("P001/notes.txt"))
            + ": not an expression folder (expected VL/Strong/P<number>/<Expression>/)"),
        tuple(DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + uri(part.resolve("readme.txt"))
            + ": not a subject folder (expected VL/Strong/P<number>/<Expression>/)"),
        tuple(DatasetErrorCode.INVALID_NAME, "Invalid input " + uri(part.resolve("extra"))
            + ": not a subject folder (expected VL/Strong/P<number>/<Expression>/)"));
  }

  @Test
  void thePartIsAnOption(@TempDir Path root) {
    frames(root.resolve("NI/Dark/P003/Sadness"), "000.jpeg");
    Scan scan = DatasetAdapters.forName("oulu", Map.of("part", "NI/Dark")).scan(hadoop(root), CONF);
    assertThat(scan.clips()).extracting(ClipSpec::clipId, ClipSpec::labelName).containsExactly(tuple("S003/005", "sadness"));
    assertThatThrownBy(() -> DatasetAdapters.forName("oulu").scan(hadoop(root), CONF))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid Oulu-CASIA root " + uri(root) + ": no VL/Strong folder (expected VL/Strong/P001/Anger/000.jpeg ...)");
    assertThatThrownBy(() -> new OuluCasiaAdapter("../x"))
        .hasMessage("Invalid Oulu-CASIA part: '../x' (expected a relative folder such as VL/Strong)");
  }
}
