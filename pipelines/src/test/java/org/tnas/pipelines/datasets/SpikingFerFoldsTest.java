package org.tnas.pipelines.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.testing.SharedData;

class SpikingFerFoldsTest {
  private static final Configuration CONF = new Configuration();

  private static Map<String, SpikingFerFolds.Row> read(Path file) {
    return SpikingFerFolds.read(new org.apache.hadoop.fs.Path(file.toUri()), CONF);
  }

  @Test
  void readsTheBenchmarksFoldFiles() {
    Map<String, SpikingFerFolds.Row> ck = read(SharedData.require("folds/CKPlusDVS_folds.csv"));
    assertThat(ck).hasSize(357);
    assertThat(read(SharedData.require("folds/ADFESDVS_folds.csv"))).hasSize(131);
    assertThat(read(SharedData.require("folds/CASIADVS_folds.csv"))).hasSize(478);
    assertThat(read(SharedData.require("folds/MMIDVS_folds.csv"))).hasSize(207);
    // first row: S005;001;5;0;0;0;1;1;0;0;1;0;0 -> label 5 = disgust, test split of folds 4, 5 and 8 (1-based)
    SpikingFerFolds.Row first = ck.get("S005/001");
    assertThat(first.labelIndex()).isEqualTo(4);
    assertThat(SpikingFerFolds.CLASSES.get(first.labelIndex())).isEqualTo("disgust");
    assertThat(first.testFolds()).containsExactly(3, 4, 7);
    // facts of the published CK+ file: 39 sequences are in no fold's test split, one is in six
    assertThat(ck.values().stream().filter(r -> r.testFolds().isEmpty()).count()).isEqualTo(39);
    assertThat(ck.values().stream().mapToInt(r -> r.testFolds().size()).max().orElseThrow()).isEqualTo(6);
    assertThat(ck.values().stream().filter(r -> r.labelIndex() == 0).count()).isEqualTo(94);
  }

  @Test
  void badRowsNameTheFileTheLineAndWhatWasExpected(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("folds.csv");
    Files.writeString(file, "S1;001;2;0;0;0;0;0;0;0;0;0;1\nS1;002;7;0;0;0;0;0;0;0;0;0;0\n");
    String name = new org.apache.hadoop.fs.Path(file.toUri()).toString();
    assertThatThrownBy(() -> read(file)).isInstanceOf(ProjectException.class)
        .hasMessage("Invalid folds file " + name + " line 2: label 7 is not in 1..6");
    Files.writeString(file, "S1;001;2;0;0\n");
    assertThatThrownBy(() -> read(file))
        .hasMessage("Invalid folds file " + name + " line 1: expected 13 fields (subject;sequence;label;10 fold flags), found 5");
    Files.writeString(file, "S1;001;2;0;0;0;0;0;0;0;0;0;x\n");
    assertThatThrownBy(() -> read(file))
        .hasMessage("Invalid folds file " + name + " line 1: fold flag 10 is 'x', expected 0 or 1");
    Files.writeString(file, "S1;001;2;0;0;0;0;0;0;0;0;0;0\nS1;001;3;0;0;0;0;0;0;0;0;0;0\n");
    assertThatThrownBy(() -> read(file))
        .hasMessage("Invalid folds file " + name + " line 2: sequence S1/001 is listed twice (first on line 1)");
  }
}
