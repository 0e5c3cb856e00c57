package org.tnas.formats.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tnas.formats.shards.ShardFixtures.GEOMETRY;
import static org.tnas.formats.shards.ShardFixtures.events;
import static org.tnas.formats.shards.ShardFixtures.record;
import static org.tnas.formats.shards.ShardSetWriterTest.assertSameEvents;

import java.io.File;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.events.EventBatch;

/**
 * The shard layer over a real in-process HDFS (MiniDFSCluster, one DataNode on localhost, about
 * 5 s to start): two writers, atomic commit, random access, streaming and verification over
 * {@code hdfs://}.
 */
class ShardsOnHdfsTest {
  @TempDir static File base;
  private static MiniDFSCluster cluster;
  private RootAllocator allocator;

  @BeforeAll
  static void startHdfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "hdfs").getAbsolutePath());
    conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    cluster.waitActive();
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  @Test
  void writesCommitsAndReadsShardsOverHdfs() throws Exception {
    Configuration conf = cluster.getConfiguration(0);
    FileSystem fs = cluster.getFileSystem();
    Path dir = new Path(fs.getUri().toString() + "/data/set");
    assertThat(dir.toString()).startsWith("hdfs://");
    Map<String, EventBatch> written = new HashMap<>();
    List<ShardInfo> union = new ArrayList<>();
    ShardWriterOptions options = ShardWriterOptions.defaults().withTargetShardBytes(120_000).withMaxBatchRows(2048);
    for (String writerId : List.of("w0", "w1")) {
      try (ShardSetWriter writer = ShardSetWriter.open(dir, conf, options, writerId, allocator)) {
        for (int i = 0; i < 6; i++) {
          String id = writerId + "-s" + i;
          EventBatch batch = events(id.hashCode(), 3_000 + 500 * i);
          written.put(id, batch);
          writer.write(record(id), GEOMETRY, batch);
        }
        union.addAll(writer.finish());
      }
    }
    // a crashed third writer: its shard stays under _temporary and is never listed
    ShardSetWriter crashed = ShardSetWriter.open(dir, conf, options, "w2", allocator);
    crashed.write(record("lost"), GEOMETRY, events(3, 1_000));
    assertThatThrownBy(() -> ShardDataset.open(dir, conf, allocator))
        .hasMessageStartingWith("Cannot open shard set: hdfs://");
    Manifest.commit(dir, conf, union, Map.of("fs", "hdfs"));
    crashed.abort();
    try (OutputStream orphan = fs.create(new Path(dir, "part-orphan-00000.arrow"))) {
      orphan.write(new byte[] {42});
    }

    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      assertThat(dataset.sampleCount()).isEqualTo(12);
      assertThat(dataset.manifest().shards().size()).isGreaterThan(2);
      assertSameEvents(dataset.sample("w1-s4").events(), written.get("w1-s4"));
      assertSameEvents(dataset.sample("w0-s2").events(), written.get("w0-s2"));
      try (var stream = dataset.stream()) {
        assertThat(stream.mapToLong(s -> s.events().size()).sum()).isEqualTo(dataset.manifest().eventCount());
      }
      assertThat(dataset.verify().problems()).isEmpty();
    }
    assertThat(fs.exists(new Path(dir, "_temporary/w2"))).isFalse();
  }
}
