package org.tnas.pipelines.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.tnas.formats.util.Bench;
import org.tnas.pipelines.datasets.DatasetAdapters;
import org.tnas.pipelines.datasets.Scan;

/**
 * Driver-side scan cost of the dataset adapters on full-size fake trees (empty frame files: a scan
 * lists frames and reads only label/metadata files) against the baseline of a plain recursive
 * listStatus walk of the same tree, measured in the same run. Trees: CK+ (593 sequences of 123
 * subjects, 18 frames each, 327 label files) and SEE (2,405 sequences, 20 event frames each, one
 * emotion.json). Arguments: none.
 *
 * <pre>
 * mvn -o -q -pl pipelines test-compile exec:exec -Dexec.mainClass=org.tnas.pipelines.bench.DatasetScanBenchmark
 * </pre>
 */
public final class DatasetScanBenchmark {
  private static final String[] SEE = {"angry", "disgust", "fear", "happiness", "neutral", "sadness", "surprise"};
  private static final String[] LIGHTING = {"normal", "Overexposed", "Low", "HDR"};

  private DatasetScanBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("dataset-scan-bench");
    try {
      Configuration conf = new Configuration();
      org.apache.hadoop.fs.Path ck = new org.apache.hadoop.fs.Path(ckPlus(dir.resolve("ckplus")).toUri().toString());
      org.apache.hadoop.fs.Path see = new org.apache.hadoop.fs.Path(see(dir.resolve("see")).toUri().toString());
      for (Object[] run : new Object[][] {{"ckplus", ck}, {"see", see}}) {
        String name = (String) run[0];
        org.apache.hadoop.fs.Path root = (org.apache.hadoop.fs.Path) run[1];
        long files = listAll(root, conf);
        Bench.Rate baseline = Bench.measure(name + " recursive listing", 3, 5, () -> listAll(root, conf));
        Scan[] last = new Scan[1];
        Bench.Rate scan = Bench.measure(name + " adapter scan", 3, 5, () -> {
          last[0] = DatasetAdapters.forName(name).scan(root, conf);
          return files;
        });
        System.out.println(String.format(Locale.ROOT, "%s: %d files, %d clips, %d rejected", name, files,
            last[0].clips().size(), last[0].rejected().size()));
        System.out.println(Bench.compare(baseline, baseline, "files"));
        System.out.println(Bench.compare(scan, baseline, "files"));
        System.out.println(String.format(Locale.ROOT, "%s: best scan %.3f s, best listing %.3f s", name, scan.seconds(),
            baseline.seconds()));
      }
    } finally {
      delete(dir);
    }
  }

  /**
   * A recursive listStatus walk counting files. (Not FileSystem.listFiles(root, true): on the local
   * file system its LocatedFileStatus loads permissions by forking a shell per file.)
   */
  private static long listAll(org.apache.hadoop.fs.Path root, Configuration conf) {
    try {
      FileSystem fs = root.getFileSystem(conf);
      long n = 0;
      java.util.ArrayDeque<org.apache.hadoop.fs.Path> pending = new java.util.ArrayDeque<>(List.of(root));
      while (!pending.isEmpty()) {
        for (FileStatus status : fs.listStatus(pending.pop())) {
          if (status.isDirectory()) {
            pending.push(status.getPath());
          } else {
            n++;
          }
        }
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path ckPlus(Path root) throws IOException {
    int sequence = 0;
    for (int s = 1; s <= 123; s++) {
      for (int q = 1; q <= 5 && sequence < 593; q++, sequence++) {
        String subject = String.format(Locale.ROOT, "S%03d", s);
        String seq = String.format(Locale.ROOT, "%03d", q);
        Path images = Files.createDirectories(root.resolve("cohn-kanade-images").resolve(subject).resolve(seq));
        for (int f = 1; f <= 18; f++) {
          Files.createFile(images.resolve(String.format(Locale.ROOT, "%s_%s_%08d.png", subject, seq, f)));
        }
        if (sequence % 593 < 327) {
          Path labels = Files.createDirectories(root.resolve("Emotion").resolve(subject).resolve(seq));
          Files.writeString(labels.resolve(subject + "_" + seq + "_00000018_emotion.txt"),
              String.format(Locale.ROOT, "   %d.0000000e+00", 1 + sequence % 7));
        }
      }
    }
    return root;
  }

  private static Path see(Path root) throws IOException {
    StringBuilder json = new StringBuilder("{\"labels\": [\"angry\", \"disgust\", \"fear\", \"happiness\", \"neutral\", "
        + "\"sadness\", \"surprise\"], \"database\": {");
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < 2405; i++) {
      String emotion = SEE[i % SEE.length];
      String name = String.format(Locale.ROOT, "%d_%03d_man_24_Master_%s_%s_20_take%03d", i + 1, 1 + i % 111,
          LIGHTING[i % 4], emotion, i % 3);
      Path frames = Files.createDirectories(root.resolve("event").resolve(emotion).resolve(name));
      for (int f = 0; f < 20; f++) {
        Files.createFile(frames.resolve(String.format(Locale.ROOT, "%05d.jpg", f)));
      }
      entries.add("\"" + name + "\": {\"subset\": \"" + (i % 3 == 0 ? "testing" : "training")
          + "\", \"annotations\": {\"label\": \"" + emotion + "\", \"segment\": [0, 20]}}");
    }
    json.append(String.join(", ", entries)).append("}}");
    Files.writeString(root.resolve("emotion.json"), json);
    return root;
  }

  private static void delete(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
