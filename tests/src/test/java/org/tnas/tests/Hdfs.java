package org.tnas.tests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real in-process HDFS (one NameNode, one DataNode on localhost) for integration tests. Close it
 * to shut the cluster down.
 */
final class Hdfs implements AutoCloseable {
  private final MiniDFSCluster cluster;

  Hdfs(Path baseDir) {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
    conf.set("dfs.namenode.rpc-address", "localhost:0");
    conf.set("dfs.namenode.http-address", "localhost:0");
    conf.set("dfs.datanode.address", "localhost:0");
    conf.set("dfs.datanode.http.address", "localhost:0");
    conf.set("dfs.datanode.ipc.address", "localhost:0");
    try {
      cluster = new MiniDFSCluster.Builder(conf, new File(baseDir.toString())).numDataNodes(1).build();
      cluster.waitActive();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start MiniDFSCluster: " + e.getMessage(), e);
    }
  }

  /** {@code hdfs://localhost:<port>} */
  String uri() {
    return "hdfs://localhost:" + cluster.getNameNodePort();
  }

  /** A configuration whose default file system is this HDFS. */
  Configuration configuration() {
    return cluster.getConfiguration(0);
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
