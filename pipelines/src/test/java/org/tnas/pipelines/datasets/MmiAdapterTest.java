package org.tnas.pipelines.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.tnas.pipelines.datasets.FakeTrees.CONF;
import static org.tnas.pipelines.datasets.FakeTrees.empty;
import static org.tnas.pipelines.datasets.FakeTrees.file;
import static org.tnas.pipelines.datasets.FakeTrees.frames;
import static org.tnas.pipelines.datasets.FakeTrees.hadoop;
import static org.tnas.pipelines.datasets.FakeTrees.uri;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MmiAdapterTest {
  private static final String HEAD = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

  private static Path sessions(Path root) {
    Path s = root.resolve("Sessions");
    empty(s.resolve("1/S001-001.avi"));
    file(s.resolve("1/S001-001.xml"), HEAD + "<Metadata>\n  <Metatag Name=\"Gender\" Value=\"1\"/>\n"
        + "  <Metatag Name=\"Emotion\" Value=\"1\"/>\n</Metadata>\n");
    file(s.resolve("1/S001-001-oao_aucs.xml"), HEAD + "<ActionUnits><ActionUnit Number=\"12\"/></ActionUnits>");
    file(s.resolve("1/session.xml"), HEAD + "<session sessionId=\"1\"><track view=\"0\"/></session>");
    empty(s.resolve("2/S001-002.avi"));                       // label only in session.xml, lower-case variant
    file(s.resolve("2/session.xml"), HEAD + "<session><metatag name=\"emotion\" value=\"happy\"/></session>");
    empty(s.resolve("3/S002-005.avi"));                       // no metadata at all
    empty(s.resolve("4/S002-006.avi"));                       // metadata without an emotion
    file(s.resolve("4/S002-006.xml"), HEAD + "<Metadata><Metatag Name=\"Gender\" Value=\"2\"/></Metadata>");
    empty(s.resolve("5/S003-001.avi"));                       // code out of range
    file(s.resolve("5/S003-001.xml"), HEAD + "<Metadata><Metatag Name=\"Emotion\" Value=\"7\"/></Metadata>");
    empty(s.resolve("6/S003-002.avi"));                       // malformed XML
    file(s.resolve("6/S003-002.xml"), HEAD + "<Metadata><Metatag Name=\"Emotion\" Value=\"2\"></Metadata>");
    frames(s.resolve("7"), "S004-001.jpg");                   // image-only session
    empty(s.resolve("8/S004-002.avi"));                       // <Emotion> element variant
    file(s.resolve("8/S004-002.xml"), HEAD + "<Metadata><Emotion>Surprise</Emotion></Metadata>");
    empty(s.resolve("9/S005-001.avi"));                       // emotion attribute variant, neutral
    file(s.resolve("9/S005-001.xml"), HEAD + "<Metadata><clip emotion=\"neutral\"/></Metadata>");
    empty(s.resolve("10/take.avi"));                          // a name without subject-sequence
    file(s.resolve("10/take.xml"), HEAD + "<Metadata><Metatag Name=\"Emotion\" Value=\"3\"/></Metadata>");
    file(s.resolve("readme.txt"), "x");
    return s;
  }

  @Test
  void sessionsAreLabelledFromTheirXml(@TempDir Path root) {
    Path s = sessions(root);
    int candidates = 11;
    Scan scan = DatasetAdapters.forName("mmi").scan(hadoop(root), CONF);

    assertThat(scan.candidateCount()).isEqualTo(candidates);
    assertThat(scan.clips()).extracting(ClipSpec::clipId, ClipSpec::subject, ClipSpec::sequence, ClipSpec::labelName)
        .containsExactly(tuple("S001/001", "S001", "001", "anger"), tuple("S001/002", "S001", "002", "happy"),
            tuple("S004/002", "S004", "002", "surprise"), tuple("10/take", "", "", "fear"));
    assertThat(scan.clips().get(0).attributes()).containsEntry("session", "1").containsEntry("mmi_emotion", "1")
        .containsEntry("metadata_file", uri(s.resolve("1/S001-001.xml")));
    assertThat(scan.clips().get(1).attributes()).containsEntry("metadata_file", uri(s.resolve("2/session.xml")));
    assertThat(scan.rejected()).extracting(Rejected::uri, Rejected::code, Rejected::reason).containsExactlyInAnyOrder(
        tuple(uri(s.resolve("3/S002-005.avi")), DatasetErrorCode.MISSING_METADATA, "Cannot label "
            + uri(s.resolve("3/S002-005.avi")) + ": no metadata file (expected S002-005.xml or session.xml in "
            + uri(s.resolve("3")) + ")"),
        tuple(uri(s.resolve("4/S002-006.avi")), DatasetErrorCode.MISSING_LABEL, "Cannot label "
            + uri(s.resolve("4/S002-006.avi")) + ": no Emotion metatag in S002-006.xml"),
        tuple(uri(s.resolve("5/S003-001.avi")), DatasetErrorCode.INVALID_LABEL, "Invalid label file "
            + uri(s.resolve("5/S003-001.xml")) + ": Emotion value '7' (expected 1..6 (1 anger, 2 disgust, 3 fear, "
            + "4 happiness, 5 sadness, 6 surprise) or an expression word)"),
        tuple(uri(s.resolve("6/S003-002.avi")), DatasetErrorCode.INVALID_METADATA, "Invalid metadata file "
            + uri(s.resolve("6/S003-002.xml")) + ": line 2: The element type \"Metatag\" must be terminated by the "
            + "matching end-tag \"</Metatag>\"."),
        tuple(uri(s.resolve("7")), DatasetErrorCode.MISSING_SOURCE, "Invalid session " + uri(s.resolve("7"))
            + ": no video file (image-only sessions are not clips)"),
        tuple(uri(s.resolve("9/S005-001.avi")), DatasetErrorCode.INVALID_LABEL,
            "Invalid label: neutral is not one of the 6 Spiking-FER classes"),
        tuple(uri(s.resolve("readme.txt")), DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input "
            + uri(s.resolve("readme.txt")) + ": not a session folder (expected Sessions/<n>/<name>.avi)"));
  }

  @Test
  void theRootMayBeTheSessionsFolderItself(@TempDir Path root) {
    Path s = sessions(root);
    Scan fromParent = new MmiAdapter().scan(hadoop(root), CONF);
    Scan fromSessions = new MmiAdapter().scan(hadoop(s), CONF);
    assertThat(fromSessions).isEqualTo(fromParent);
  }
}
