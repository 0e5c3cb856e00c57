package org.tnas.formats.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BiFunction;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.io.Aedat4Reader;
import org.tnas.formats.io.Evt2Reader;
import org.tnas.formats.io.Evt3Reader;
import org.tnas.formats.io.TestEncoders;
import org.tnas.formats.util.Bench;

/**
 * Single-thread decode rate of EVT2, EVT3 and AEDAT4 (LZ4) beside a raw baseline measured in the
 * same run: reading the same file's bytes into a ByteBuffer through a FileChannel (no decoding),
 * expressed as the same number of events per second. Inputs are synthesised by the test encoders
 * (a few million events each) into temporary files, which are page-cached after the warm-up, so
 * both sides measure CPU work, not the disk.
 *
 * <p>Run: {@code mvn -o -q -pl formats test-compile exec:exec
 * -Dexec.mainClass=org.tnas.formats.bench.DecodeBenchmark} (optional argument: events per format).
 */
public final class DecodeBenchmark {
  private DecodeBenchmark() {}

  public static void main(String[] args) throws IOException {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 4_000_000;
    Path dir = Files.createTempDirectory("tnas-decode-bench");
    try {
      EventBatch synthetic = TestEncoders.randomEvents(42, events, 1280, 720, 2);
      System.out.printf("DecodeBenchmark: %,d events per format, 1 thread, JVM %s%n", events, System.getProperty("java.version"));
      run("EVT3", write(dir, "b.evt3.raw", TestEncoders.evt3(synthetic, "% evt 3.0\n% format EVT3;height=720;width=1280\n% end\n")),
          events, Evt3Reader::new);
      run("EVT2", write(dir, "b.evt2.raw", TestEncoders.evt2(synthetic, "% evt 2.0\n% geometry 1280x720\n")),
          events, Evt2Reader::new);
      run("AEDAT4 (LZ4, 8192 events/packet)", write(dir, "b.aedat4", TestEncoders.aedat4(synthetic, 1, 8192, 1280, 720)),
          events, Aedat4Reader::new);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static Path write(Path dir, String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return file;
  }

  private static void run(String name, Path file, int events, BiFunction<InputStream, String, EventReader> open)
      throws IOException {
    long bytes = Files.size(file);
    Bench.Rate baseline = Bench.measure(name + " raw FileChannel read", 3, 7, () -> {
      ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
      long total = 0;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        int read;
        while ((read = channel.read(buffer)) >= 0) {
          total += read;
          buffer.clear();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (total != bytes) {
        throw new IllegalStateException("read " + total + " of " + bytes);
      }
      return events;
    });
    Bench.Rate decode = Bench.measure(name + " decode", 3, 7, () -> {
      EventBatch batch = new EventBatch(1 << 16);
      long total = 0;
      try (InputStream in = Files.newInputStream(file); EventReader reader = open.apply(in, file.toString())) {
        int n;
        while ((n = reader.read(batch, 1 << 16)) > 0) {
          total += n;
          batch.clear();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (total != events) {
        throw new IllegalStateException("decoded " + total + " of " + events);
      }
      return total;
    });
    System.out.printf("%-40s %,d bytes (%.2f bytes/event)%n", name + " file", bytes, (double) bytes / events);
    System.out.println(Bench.compare(baseline, baseline, "events"));
    System.out.println(Bench.compare(decode, baseline, "events"));
  }
}
