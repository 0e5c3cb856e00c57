package org.tnas.pipelines.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;
import org.tnas.formats.errors.ProjectException;

/**
 * Checks that take seconds before a job starts, so that a wrong master URL or an unreachable
 * NameNode gives a clear message naming the setting and what to do, instead of Spark's and
 * Hadoop's minutes of connection retries followed by a stack trace.
 */
public final class Preflight {
  /** How long one connection attempt may take. */
  public static final int CONNECT_TIMEOUT_MILLIS = 5000;

  private Preflight() {}

  /** Error codes of the pre-flight checks. */
  public enum PreflightErrorCode implements ErrorCode {
    INVALID_MASTER(ErrorType.USER_ERROR),
    MASTER_UNREACHABLE(ErrorType.EXTERNAL),
    FILE_SYSTEM_UNREACHABLE(ErrorType.EXTERNAL),
    /** A native library (PyTorch through DJL, FFmpeg/OpenCV through JavaCPP) cannot be loaded. */
    NATIVE_LIBRARY_MISSING(ErrorType.USER_ERROR);

    private final ErrorType type;

    PreflightErrorCode(ErrorType type) {
      this.type = type;
    }

    @Override
    public ErrorType type() {
      return type;
    }
  }

  /**
   * Checks a master URL: {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]},
   * {@code yarn}, {@code k8s://...} are accepted as they are; every {@code spark://host:port} of a
   * (possibly multi-master) standalone URL must accept a TCP connection.
   */
  public static void checkMaster(String master) {
    if (master == null) {
      return;
    }
    if (master.matches("local(\\[(\\*|\\d+)(,\\d+)?])?") || master.equals("yarn") || master.startsWith("k8s://")
        || master.startsWith("local-cluster[")) {
      return;
    }
    if (!master.startsWith("spark://")) {
      throw new ProjectException(PreflightErrorCode.INVALID_MASTER, "Invalid Spark master: " + master
          + " (expected local[*], local[N], spark://host:port, yarn or k8s://https://host:port; set it with --master or spark.master)");
    }
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      URI uri;
      try {
        uri = new URI("spark://" + hostPort);
      } catch (URISyntaxException e) {
        throw new ProjectException(PreflightErrorCode.INVALID_MASTER, "Invalid Spark master: " + master + " (" + e.getMessage() + ")");
      }
      if (uri.getHost() == null || uri.getPort() < 0) {
        throw new ProjectException(PreflightErrorCode.INVALID_MASTER, "Invalid Spark master: " + master + " (expected spark://host:port)");
      }
      if (!reachable(uri.getHost(), uri.getPort())) {
        throw new ProjectException(PreflightErrorCode.MASTER_UNREACHABLE, "Cannot connect to Spark master " + master
            + ": nothing answers at " + uri.getHost() + ":" + uri.getPort() + " within " + CONNECT_TIMEOUT_MILLIS / 1000
            + " s (check --master / spark.master, or start a local one with deploy/bin/local-cluster start)");
      }
    }
  }

  /**
   * Checks that the NameNode of every {@code hdfs://host:port/...} URI accepts a TCP connection
   * (other schemes, and hdfs URIs without host or port, e.g. HA name services, are left to Hadoop).
   */
  public static void checkFileSystems(List<String> uris, String setting) {
    List<String> checked = new ArrayList<>();
    for (String text : uris) {
      if (text == null || !text.startsWith("hdfs://")) {
        continue;
      }
      URI uri = URI.create(text.replace(" ", "%20"));
      if (uri.getHost() == null || uri.getPort() < 0) {
        continue;
      }
      String hostPort = uri.getHost() + ":" + uri.getPort();
      if (checked.contains(hostPort)) {
        continue;
      }
      checked.add(hostPort);
      if (!reachable(uri.getHost(), uri.getPort())) {
        throw new ProjectException(PreflightErrorCode.FILE_SYSTEM_UNREACHABLE, "Cannot reach HDFS NameNode " + hostPort
            + " of " + setting + " " + text + ": nothing answers within " + CONNECT_TIMEOUT_MILLIS / 1000
            + " s (check the URI and that the NameNode runs; fs.defaultFS and core-site.xml come from HADOOP_CONF_DIR)");
      }
    }
  }

  static boolean reachable(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Loads the PyTorch engine of DJL (the supernet, retraining and candidate scoring need it), so
   * that a missing or unloadable native library is reported before any Spark work, naming what to
   * fix. The first call on a machine extracts about 430 MB into {@code DJL_CACHE_DIR}.
   */
  public static void checkPyTorch() {
    checkArchitecture("PyTorch");
    try {
      try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
        manager.create(1f).add(1f).toFloatArray();
      }
    } catch (RuntimeException | LinkageError e) {
      throw new ProjectException(PreflightErrorCode.NATIVE_LIBRARY_MISSING, "Cannot load the PyTorch native library: "
          + rootMessage(e) + " (the application needs ai.djl.pytorch:pytorch-native-cpu linux-x86_64 on the classpath,"
          + " a writable DJL_CACHE_DIR or -Dai.djl.cache_dir with 450 MB free (now: "
          + setting("DJL_CACHE_DIR", "ai.djl.cache_dir") + "), and PYTORCH_LIBRARY_PATH unset or pointing at libtorch"
          + " (now: " + setting("PYTORCH_LIBRARY_PATH", "PYTORCH_LIBRARY_PATH") + "); see docs/OPERATIONS.md)", e);
    }
  }

  /**
   * Loads FFmpeg and OpenCV through JavaCPP (video decoding, face detection, optical flow), so that a
   * missing native library is reported before any Spark work, naming what to fix.
   */
  public static void checkVideoLibraries() {
    checkArchitecture("FFmpeg/OpenCV");
    try {
      org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
      org.bytedeco.javacpp.Loader.load(org.bytedeco.opencv.global.opencv_imgproc.class);
    } catch (RuntimeException | LinkageError e) {
      throw new ProjectException(PreflightErrorCode.NATIVE_LIBRARY_MISSING, "Cannot load the FFmpeg/OpenCV native libraries: "
          + rootMessage(e) + " (the application needs the javacpp, ffmpeg and opencv jars with classifier linux-x86_64 on"
          + " the classpath and a writable -Dorg.bytedeco.javacpp.cachedir (now: "
          + setting("JAVACPP_CACHEDIR", "org.bytedeco.javacpp.cachedir") + "); see docs/OPERATIONS.md)", e);
    }
  }

  private static void checkArchitecture(String library) {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new ProjectException(PreflightErrorCode.NATIVE_LIBRARY_MISSING, "Cannot load the " + library
          + " native libraries on " + System.getProperty("os.name") + "/" + arch
          + ": the application bundles them for linux-x86_64 only (run on linux/amd64; see docs/OPERATIONS.md)");
    }
  }

  private static String setting(String environment, String property) {
    String value = System.getProperty(property);
    if (value == null) {
      value = System.getenv(environment);
    }
    return value == null ? "unset" : value;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
