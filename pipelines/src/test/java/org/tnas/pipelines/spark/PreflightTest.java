package org.tnas.pipelines.spark;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;

class PreflightTest {
  /** A loopback port nobody listens on (bound, then released). */
  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void localMastersAndClusterManagersPassWithoutNetwork() {
    for (String master : List.of("local", "local[2]", "local[*]", "local[2,3]", "yarn", "k8s://https://api:6443")) {
      assertThatCode(() -> Preflight.checkMaster(master)).doesNotThrowAnyException();
    }
  }

  @Test
  void aMistypedMasterIsNamedWithWhatIsExpected() {
    assertThatThrownBy(() -> Preflight.checkMaster("sprak://host:7077"))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid Spark master: sprak://host:7077 (expected local[*], local[N], spark://host:port, yarn or"
            + " k8s://https://host:port; set it with --master or spark.master)");
    assertThatThrownBy(() -> Preflight.checkMaster("spark://host"))
        .hasMessage("Invalid Spark master: spark://host (expected spark://host:port)");
  }

  @Test
  void anUnreachableMasterFailsWithinSecondsNamingTheSetting() throws Exception {
    int port = freePort();
    assertThatThrownBy(() -> Preflight.checkMaster("spark://127.0.0.1:" + port))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot connect to Spark master spark://127.0.0.1:" + port + ": nothing answers at 127.0.0.1:" + port
            + " within 5 s (check --master / spark.master, or start a local one with deploy/bin/local-cluster start)");
  }

  @Test
  void anUnreachableNameNodeIsNamedWithTheSetting() throws Exception {
    int port = freePort();
    assertThatThrownBy(() -> Preflight.checkFileSystems(List.of("file:/tmp/x", "hdfs://127.0.0.1:" + port + "/data"), "input"))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Cannot reach HDFS NameNode 127.0.0.1:" + port + " of input hdfs://127.0.0.1:" + port
            + "/data: nothing answers within 5 s");
    try (ServerSocket listening = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatCode(() -> Preflight.checkFileSystems(List.of("hdfs://127.0.0.1:" + listening.getLocalPort() + "/d"), "x"))
          .doesNotThrowAnyException();
    }
  }
}
