package org.tnas.formats.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.util.Seeds;

/**
 * Seeded fuzzing of every reader: random byte flips, truncations at random offsets and huge values
 * written over 32-bit fields. Each corrupted file must decode to the end or fail with an {@link
 * EventFormatException}: no other exception, no OutOfMemoryError, no hang (a generous preemptive
 * time limit guards against endless loops).
 */
class ReaderFuzzTest {
  private static final long SEED = 20240611L;
  private static final int CASES = 250;

  @TempDir Path dir;

  private static byte[] mutate(byte[] valid, SplittableRandom random, int headerHint) {
    byte[] data = valid.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
          int at = random.nextBoolean() ? random.nextInt(Math.min(data.length, headerHint)) : random.nextInt(data.length);
          data[at] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> data = Arrays.copyOf(data, random.nextInt(data.length));
      case 2 -> {
        int at = random.nextInt(Math.max(1, Math.min(data.length, headerHint) - 4));
        int value = random.nextBoolean() ? 0x7FFFFFFF : random.nextBoolean() ? 0xFFFFFFFF : 0x10000000;
        ByteSource.INT_LE.set(data, at, value);
      }
      default -> {
        int at = random.nextInt(Math.max(1, data.length - 4));
        for (int i = 0; i < 4 && at + i < data.length; i++) {
          data[at + i] = (byte) random.nextInt(256);
        }
      }
    }
    return data;
  }

  private void fuzz(String name, byte[] valid, int headerHint, Function<byte[], EventReader> open) {
    // the unmodified file must decode cleanly
    try (EventReader reader = open.apply(valid)) {
      assertThat(reader.readAll().size()).isPositive();
    }
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < CASES; i++) {
        byte[] data = mutate(valid, Seeds.random(SEED, Seeds.stableHash(name), i), headerHint);
        try (EventReader reader = open.apply(data)) {
          EventBatch batch = new EventBatch();
          while (reader.read(batch, 1 + (i % 5000)) > 0) {
            batch.clear();
          }
        } catch (Throwable t) {
          int index = i;
          assertThat(t).as(() -> name + " case " + index + ": " + t).isInstanceOf(EventFormatException.class);
          // HDF5 errors come from jHDF without byte offsets: they name the file and the row instead
          assertThat(t.getMessage()).contains(name.startsWith("hdf5") ? "fuzz.h5" : "(at byte").doesNotContain("null");
        }
      }
    });
  }

  private static EventBatch events(long seed) {
    return TestEncoders.randomEvents(seed, 3000, 320, 240, 500);
  }

  @Test
  void evt3() {
    byte[] file = TestEncoders.evt3(events(1), "% evt 3.0\n% geometry 320x240\n% end\n");
    fuzz("evt3", file, 64, b -> new Evt3Reader(new ByteArrayInputStream(b), "evt3"));
  }

  @Test
  void evt2() {
    byte[] file = TestEncoders.evt2(events(2), "% evt 2.0\n");
    fuzz("evt2", file, 64, b -> new Evt2Reader(new ByteArrayInputStream(b), "evt2"));
  }

  @Test
  void dat() {
    byte[] file = TestEncoders.dat(events(3), "% Data file containing CD events.\n% Version 2\n");
    fuzz("dat", file, 64, b -> new DatReader(new ByteArrayInputStream(b), "dat"));
  }

  @Test
  void aedat4() {
    for (int compression : new int[] {0, 1, 3}) {
      byte[] file = TestEncoders.aedat4(events(4), compression, 400, 320, 240);
      fuzz("aedat4-" + compression, file, 600, b -> new Aedat4Reader(new ByteArrayInputStream(b), "aedat4"));
    }
  }

  @Test
  void aedat2() {
    byte[] file = TestEncoders.aedat2(events(5), 346, 260);
    fuzz("aedat2", file, 80, b -> new Aedat2Reader(new ByteArrayInputStream(b), "aedat2"));
  }

  @Test
  void nmnist() {
    byte[] file = TestEncoders.nmnist(TestEncoders.randomEvents(6, 3000, 34, 34, 50));
    fuzz("nmnist", file, 64, b -> new NmnistReader(new ByteArrayInputStream(b), "nmnist"));
  }

  @Test
  void npy() throws Exception {
    byte[] file = write(org.tnas.formats.events.EventFormat.NPY, events(7));
    fuzz("npy", file, 128, b -> new NpyReader(new ByteArrayInputStream(b), "npy"));
  }

  @Test
  void csv() throws Exception {
    byte[] file = write(org.tnas.formats.events.EventFormat.CSV, events(8));
    fuzz("csv", file, 64, b -> new CsvReader(new ByteArrayInputStream(b), "csv"));
  }

  @Test
  void hdf5() throws Exception {
    byte[] file = write(org.tnas.formats.events.EventFormat.HDF5, events(9));
    fuzz("hdf5", file, 2048, b -> EventFiles.open(new ByteArrayInputStream(b), "fuzz.h5",
        org.tnas.formats.events.EventFormat.HDF5, EventReadOptions.defaults()));
  }

  private byte[] write(org.tnas.formats.events.EventFormat format, EventBatch events) throws Exception {
    Path file = dir.resolve("valid." + format.id());
    try (EventWriter writer = EventFiles.create(new org.apache.hadoop.fs.Path(file.toUri()),
        new org.apache.hadoop.conf.Configuration(), format, null)) {
      writer.write(events);
    }
    return Files.readAllBytes(file);
  }
}
