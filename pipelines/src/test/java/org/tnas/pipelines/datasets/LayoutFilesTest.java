package org.tnas.pipelines.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;

class LayoutFilesTest {
  @Test
  void insideTheRootWhateverTheFormOfTheRoot() {
    Path root = new Path("file:///tmp/data/SEE/");
    assertThat(LayoutFiles.isInside(root, new Path(root, "emotion.json"))).isTrue();
    assertThat(LayoutFiles.isInside(new Path("file:/tmp/data/SEE"), new Path("file:///tmp/data/SEE/a/b.mp4"))).isTrue();
    assertThat(LayoutFiles.isInside(new Path("/tmp/data/SEE"), new Path("file:/tmp/data/SEE/a/../b.mp4"))).isTrue();
    assertThat(LayoutFiles.isInside(root, new Path(root, "../SEE2/x.mp4"))).isFalse();
    assertThat(LayoutFiles.isInside(root, new Path("file:/tmp/data/SEE-other/x.mp4"))).isFalse();
    assertThat(LayoutFiles.isInside(new Path("hdfs://nn:8020/data"), new Path("hdfs://other:8020/data/x"))).isFalse();
    assertThat(LayoutFiles.isInside(new Path("hdfs://nn:8020/data"), new Path("file:/data/x"))).isFalse();
  }

  @Test
  void aRelativeOptionPathMustStayInsideTheRoot() {
    Path root = new Path("file:///tmp/data/SEE");
    assertThat(AdfesAdapter.resolve(root, "emotion.json").toString()).isEqualTo("file:/tmp/data/SEE/emotion.json");
    assertThat(AdfesAdapter.resolve(root, "/elsewhere/folds.csv").toString()).isEqualTo("/elsewhere/folds.csv");
    assertThatThrownBy(() -> AdfesAdapter.resolve(root, "../folds.csv"))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid path ../folds.csv: it points outside the dataset root file:/tmp/data/SEE"
            + " (give an absolute path or URI for a file kept elsewhere)");
  }
}
