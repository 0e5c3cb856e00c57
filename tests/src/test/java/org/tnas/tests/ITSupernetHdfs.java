package org.tnas.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.shards.ShardSetWriter;
import org.tnas.formats.shards.ShardWriterOptions;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.ShardTensorLoader;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.supernet.Supernet;
import org.tnas.search.supernet.SupernetCheckpoint;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.supernet.SupernetTrainer;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;

/** Shards on HDFS -> network inputs -> one SPOS epoch -> a supernet checkpoint on HDFS and back. */
class ITSupernetHdfs {
  @TempDir static Path base;
  private static Hdfs hdfs;

  @BeforeAll
  static void start() {
    hdfs = new Hdfs(base.resolve("hdfs"));
  }

  @AfterAll
  static void stop() {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  @Test
  void trainsFromHdfsShardsAndCheckpointsToHdfs() throws Exception {
    Configuration conf = hdfs.configuration();
    org.apache.hadoop.fs.Path shards = new org.apache.hadoop.fs.Path(hdfs.uri() + "/data/moving");
    SensorGeometry geometry = new SensorGeometry(16, 16);
    List<ShardInfo> infos = new ArrayList<>();
    try (ShardSetWriter writer = ShardSetWriter.open(shards, conf, ShardWriterOptions.defaults(), "w0")) {
      for (int i = 0; i < 24; i++) {
        int label = i % 3;
        EventBatch events = new EventBatch();
        for (int step = 0; step < 16; step++) {
          int x = label == 0 ? step : label == 1 ? 15 - step : 8;
          int y = label == 2 ? step : (i * 5) % 16;
          events.add(x, y, step * 1000L, step % 2);
        }
        writer.write(new SampleRecord("clip-" + i, "moving", "s" + i, label, "c" + label, "", Set.of(), "generated",
            Map.of()), geometry, events);
      }
      infos.addAll(writer.finish());
    }
    Manifest.commit(shards, conf, infos, Map.of());

    FrameRepresentation frames = FrameRepresentation.timeBins(2, FrameMode.BINARY, 16, 16);
    LabelledTensorSet data = ShardTensorLoader.load(shards, conf, frames, 3, ShardTensorLoader.trainingSelection(-1), null, 1, 0);
    assertThat(data.size()).isEqualTo(24);

    SearchSpace space = SearchSpace.defaults(4, 16, 16, 3).withDepthChoices(List.of(2, 3))
        .withKernelChoices(List.of(3, 5)).withWidthChoices(List.of(4, 8));
    Genome genome = Genome.parse("D2:3x4N,5x8S,3x4N");
    org.apache.hadoop.fs.Path checkpoint = new org.apache.hadoop.fs.Path(hdfs.uri() + "/runs/r1/supernet.ckpt");
    DjlEngines.pytorch(2);
    try (NDManager manager = NDManager.newBaseManager()) {
      try (Supernet supernet = Supernet.create(space, manager, 3);
          SupernetTrainer trainer = SupernetTrainer.singlePath(supernet, SupernetConfig.defaults().withBatchSize(8))) {
        trainer.trainEpoch(data);
        SupernetCheckpoint.save(supernet, checkpoint, conf);
        try (Supernet loaded = SupernetCheckpoint.load(checkpoint, conf, space, manager)) {
          assertThat(loaded.extract(genome)).isEqualTo(supernet.extract(genome));
        }
      }
    }
    FileSystem fs = checkpoint.getFileSystem(conf);
    assertThat(fs.listStatus(checkpoint.getParent())).extracting(s -> s.getPath().getName()).containsExactly("supernet.ckpt");
  }
}
