package org.tnas.pipelines.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;

class DatasetAdaptersTest {
  @Test
  void everyRegisteredNameHasItsAdapter() {
    for (String name : DatasetAdapters.NAMES) {
      assertThat(DatasetAdapters.forName(name).name()).isEqualTo(name);
    }
    assertThat(DatasetAdapters.forName(" CKPlus ")).isInstanceOf(CkPlusAdapter.class);
    assertThat(DatasetAdapters.forName("mmi").classNames()).isEqualTo(DatasetAdapters.SPIKING_FER_CLASSES);
    assertThat(DatasetAdapters.forName("see").classNames()).hasSize(7);
    assertThat(DatasetAdapters.forName("generic").classNames()).isEmpty();
    assertThat(((OuluCasiaAdapter) DatasetAdapters.forName("oulu")).part()).isEqualTo("VL/Strong");
  }

  @Test
  void unknownNamesAndOptionsFailWithTheKnownOnes() {
    assertThatThrownBy(() -> DatasetAdapters.forName("affectnet")).isInstanceOf(ProjectException.class)
        .hasMessage("Invalid dataset: affectnet (known: ckplus, oulu, adfes, mmi, see, generic)");
    assertThatThrownBy(() -> DatasetAdapters.forName("oulu", Map.of("illumination", "Dark")))
        .hasMessage("Invalid dataset option: illumination (known for oulu: part)");
    assertThatThrownBy(() -> DatasetAdapters.forName("ckplus", Map.of("part", "x")))
        .hasMessage("Invalid dataset option: part (known for ckplus: folds)");
    assertThatThrownBy(() -> DatasetAdapters.forName("mmi", Map.of("part", "x")))
        .hasMessage("Invalid dataset option: part (known for mmi: none)");
    assertThatThrownBy(() -> DatasetAdapters.forName("generic", Map.of("classes", "a,,b")))
        .hasMessage("Invalid classes: 'a,,b' (empty name)");
    assertThatThrownBy(() -> DatasetAdapters.forName("generic", Map.of("classes", "a,a")))
        .hasMessage("Invalid classes: [a, a] (duplicates)");
  }

  @Test
  void expressionWordsMapToTheSixClasses() {
    assertThat(DatasetAdapters.toSpikingFerClass("Joy")).isEqualTo("happy");
    assertThat(DatasetAdapters.toSpikingFerClass("Happiness")).isEqualTo("happy");
    assertThat(DatasetAdapters.toSpikingFerClass("angry")).isEqualTo("anger");
    assertThat(DatasetAdapters.toSpikingFerClass("contempt")).isEmpty();
    assertThat(DatasetAdapters.toSpikingFerClass("bored")).isNull();
  }

  @Test
  void clipSpecsValidateAndSerialise(@TempDir Path root) throws Exception {
    SeeAdapterTest.tree(root);
    Scan scan = DatasetAdapters.forName("see").scan(FakeTrees.hadoop(root), FakeTrees.CONF);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(scan);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(scan);
    }
    ClipSpec clip = scan.clips().get(0);
    assertThatThrownBy(() -> new ClipSpec("a", "x", "", "", 0, "happy", SourceKind.VIDEO_FILE, "v", List.of("v", "w"), 0,
        Map.of(), "")).hasMessage("Invalid sources of a: a video clip has one file, found 2");
    assertThatThrownBy(() -> new ClipSpec("a", "x", "", "", -1, "happy", SourceKind.VIDEO_FILE, "v", List.of("v"), 0,
        Map.of(), "")).hasMessage("Invalid label index: -1");
    assertThatThrownBy(() -> new ClipSpec("a", "x", "", "", 0, "happy", SourceKind.VIDEO_FILE, "v", List.of("v"),
        Double.NaN, Map.of(), "")).hasMessage("Invalid frames per second: NaN");
    assertThatThrownBy(() -> new ClipSpec("", "x", "", "", 0, "happy", SourceKind.VIDEO_FILE, "v", List.of("v"), 0,
        Map.of(), "")).hasMessage("Invalid clip id: empty");
    assertThatThrownBy(() -> new Scan("see", List.of("angry"), List.of(clip, clip), List.of()))
        .hasMessage("Invalid scan: clip id " + clip.clipId() + " is listed twice");
    assertThatThrownBy(() -> new Scan("see", List.of("disgust"), List.of(clip), List.of()))
        .hasMessage("Invalid label of " + clip.clipId() + ": 0 angry is not in [disgust]");
  }

  @Test
  void naturalOrderComparesDigitRunsByValue() {
    List<String> names = new java.util.ArrayList<>(List.of("f10.png", "f2.png", "f02.png", "f1.png", "g.png", "f.png"));
    names.sort(NaturalOrder.INSTANCE);
    assertThat(names).containsExactly("f.png", "f1.png", "f02.png", "f2.png", "f10.png", "g.png");
  }
}
