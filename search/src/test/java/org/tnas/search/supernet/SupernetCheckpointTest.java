package org.tnas.search.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.SyntheticTensors;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.DjlEngines;

class SupernetCheckpointTest {
  static final SearchSpace SPACE = SupernetTest.SPACE;
  static final Genome GENOME = Genome.parse("D3:5x4P,3x8S,5x8N");

  @TempDir java.nio.file.Path directory;
  private NDManager manager;
  private final Configuration conf = new Configuration();

  @BeforeEach
  void open() {
    DjlEngines.pytorch(2);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private Path path(String name) {
    return new Path(directory.toUri().toString() + name);
  }

  @Test
  void roundTripThroughFileUrlRestoresEveryParameter() {
    LabelledTensorSet data = SyntheticTensors.movingDiscs(24, 4, 16, 16, 3, 0.02, 1);
    Path path = path("supernet.ckpt");
    try (Supernet supernet = Supernet.create(SPACE, manager, 3);
        SupernetTrainer trainer = SupernetTrainer.singlePath(supernet, SupernetConfig.defaults().withBatchSize(8))) {
      trainer.trainEpoch(data);
      SupernetCheckpoint.save(supernet, path, conf);
      SupernetCheckpoint.save(supernet, path, conf); // overwrite is atomic too
      try (Supernet loaded = SupernetCheckpoint.load(path, conf, SPACE, manager)) {
        assertThat(loaded.extract(GENOME)).isEqualTo(supernet.extract(GENOME));
        assertThat(loaded.seed()).isEqualTo(3);
      }
    }
    // no temporary file is left behind (Hadoop's local file system adds its own .crc side file)
    assertThat(directory.toFile().list()).containsExactlyInAnyOrder("supernet.ckpt", ".supernet.ckpt.crc");
    assertThat(SupernetCheckpoint.readSpace(path, conf)).isEqualTo(SPACE);
  }

  @Test
  void resumedTrainingIsIdenticalToUninterruptedTraining() {
    LabelledTensorSet data = SyntheticTensors.movingDiscs(24, 4, 16, 16, 3, 0.02, 1);
    SupernetConfig config = SupernetConfig.defaults().withBatchSize(8).withSeed(5);
    Path path = path("resume.ckpt");
    try (Supernet straight = Supernet.create(SPACE, manager, 3);
        SupernetTrainer trainer = SupernetTrainer.singlePath(straight, config)) {
      trainer.trainEpoch(data);
      SupernetCheckpoint.save(trainer, path, conf);
      trainer.trainEpoch(data);
      try (Supernet resumed = Supernet.create(SPACE, manager, 99);
          SupernetTrainer second = SupernetTrainer.singlePath(resumed, config)) {
        SupernetCheckpoint.restore(second, path, conf);
        assertThat(second.epochsCompleted()).isEqualTo(1);
        assertThat(second.stepsCompleted()).isEqualTo(3);
        second.trainEpoch(data);
        for (int i = 0; i < 5; i++) {
          Genome genome = trainer.genomeFor(1, 3 + i % 3);
          assertThat(resumed.extract(genome)).isEqualTo(straight.extract(genome));
        }
      }
    }
  }

  @Test
  void checkpointOfAnotherSpaceIsRejectedNamingTheDifference() {
    Path path = path("other.ckpt");
    SearchSpace other = SPACE.withWidthChoices(List.of(4, 8, 16));
    try (Supernet supernet = Supernet.create(other, manager, 3)) {
      SupernetCheckpoint.save(supernet, path, conf);
    }
    assertThatThrownBy(() -> SupernetCheckpoint.load(path, conf, SPACE, manager))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Cannot load checkpoint: search space differs: widthChoices expected [4, 8], found [4, 8, 16] (expected space ")
        .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SupernetErrorCode.INCOMPATIBLE_CHECKPOINT));
    try (Supernet supernet = Supernet.create(SPACE, manager, 3);
        SupernetTrainer trainer = SupernetTrainer.singlePath(supernet, SupernetConfig.defaults())) {
      assertThatThrownBy(() -> SupernetCheckpoint.restore(trainer, path, conf))
          .isInstanceOf(ProjectException.class)
          .hasMessageContaining("search space differs: widthChoices expected [4, 8], found [4, 8, 16]");
    }
    assertThat(manager.getManagedArrays()).isEmpty();
  }

  @Test
  void damagedOrMissingCheckpointsAreReported() throws IOException {
    Path path = path("damaged.ckpt");
    try (Supernet supernet = Supernet.create(SPACE, manager, 3)) {
      SupernetCheckpoint.save(supernet, path, conf);
    }
    java.nio.file.Path file = directory.resolve("damaged.ckpt");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    // Hadoop's local checksum side file would catch the damage first; object stores have none
    Files.delete(directory.resolve(".damaged.ckpt.crc"));
    assertThatThrownBy(() -> SupernetCheckpoint.load(path, conf, SPACE, manager))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Invalid checkpoint " + path + ": checksum 0x")
        .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SupernetErrorCode.CORRUPT_CHECKPOINT));
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
    Files.deleteIfExists(directory.resolve(".damaged.ckpt.crc"));
    assertThatThrownBy(() -> SupernetCheckpoint.load(path, conf, SPACE, manager))
        .hasMessage("Invalid checkpoint " + path + ": magic 0x01020304, expected 0x544E5350");
    Path missing = path("missing.ckpt");
    assertThatThrownBy(() -> SupernetCheckpoint.load(missing, conf, SPACE, manager))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Cannot read checkpoint: " + missing + ": ")
        .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SupernetErrorCode.CHECKPOINT_IO));
    assertThat(FileSystem.get(path.toUri(), conf).exists(path)).isTrue();
  }
}
