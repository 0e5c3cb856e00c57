package org.tnas.formats.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.events.SensorGeometry;

/** Each reader decodes what the test encoders wrote, whatever the batch size and window size. */
class ReadersRoundTripTest {
  private static final int N = 5_000;

  static void assertSameEvents(EventBatch actual, EventBatch expected) {
    assertThat(actual.size()).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      int index = i;
      assertThat(new long[] {actual.x()[i], actual.y()[i], actual.t()[i], actual.p()[i]})
          .as(() -> "event " + index)
          .containsExactly(expected.x()[i], expected.y()[i], expected.t()[i], expected.p()[i]);
    }
  }

  /** Reads with batches of {@code step} through a byte window of {@code window} bytes. */
  static EventBatch readAll(byte[] file, Function<ByteSource, EventReader> open, int step, int window) {
    try (EventReader reader = open.apply(new ByteSource(new ByteArrayInputStream(file), "test", window))) {
      EventBatch all = new EventBatch();
      while (true) {
        int n = reader.read(all, step);
        assertThat(n).isBetween(0, step);
        if (n == 0) {
          break;
        }
      }
      assertThat(reader.read(all, step)).isZero();
      return all;
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 4096})
  void evt3RoundTripsWithVectorsAcrossBatchAndWindowBoundaries(int step) {
    EventBatch events = TestEncoders.randomEvents(1, N, 1280, 720, 3000);
    byte[] file = TestEncoders.evt3(events, "% evt 3.0\n% format EVT3;height=720;width=1280\n% end\n");
    for (int window : new int[] {64, 4099, 1 << 20}) {
      EventBatch read = readAll(file, in -> new Evt3Reader(in, Evt3Reader.TimeReconstruction.OFFICIAL), step, window);
      assertSameEvents(read, events);
    }
  }

  @Test
  void evt3TimeWrapsAfterTwentyFourBits() {
    EventBatch events = new EventBatch();
    events.add(1, 2, (1L << 24) - 5, 1);
    events.add(3, 4, (1L << 24) + 7, 0);
    events.add(5, 6, (1L << 24) + (1L << 23), 1);
    events.add(7, 8, (2L << 24) + 9, 1); // the stream's TIME_HIGH goes 0xFFF -> 0 -> 0x800 -> 0
    byte[] file = TestEncoders.evt3(events, "% evt 3.0\n");
    assertSameEvents(readAll(file, in -> new Evt3Reader(in, Evt3Reader.TimeReconstruction.OFFICIAL), 100, 64), events);
  }

  @Test
  void evt3HeaderGeometry() {
    byte[] file = TestEncoders.evt3(TestEncoders.randomEvents(2, 10, 640, 480, 10), "% format EVT3;height=480;width=640\n% end\n");
    try (EventReader reader = new Evt3Reader(new ByteArrayInputStream(file), "g")) {
      assertThat(reader.geometry()).contains(new SensorGeometry(640, 480));
      assertThat(reader.format()).isEqualTo(EventFormat.EVT3);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 13, 4096})
  void evt2RoundTrips(int step) {
    EventBatch events = TestEncoders.randomEvents(3, N, 640, 480, 200);
    byte[] file = TestEncoders.evt2(events, "% evt 2.0\n% geometry 640x480\n");
    for (int window : new int[] {64, 1 << 20}) {
      assertSameEvents(readAll(file, Evt2Reader::new, step, window), events);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4096})
  void datRoundTrips(int step) {
    EventBatch events = TestEncoders.randomEvents(4, N, 304, 240, 100);
    byte[] file = TestEncoders.dat(events, "% Data file containing CD events.\n% Version 2\n% Height 240\n% Width 304\n");
    EventBatch read = readAll(file, DatReader::new, step, 64);
    assertSameEvents(read, events);
    try (EventReader reader = new DatReader(new ByteArrayInputStream(file), "d")) {
      assertThat(reader.geometry()).contains(new SensorGeometry(304, 240));
    }
  }

  @Test
  void nmnistRoundTrips() {
    EventBatch events = TestEncoders.randomEvents(5, N, 34, 34, 50);
    assertSameEvents(readAll(TestEncoders.nmnist(events), in -> new NmnistReader(in, null), 333, 64), events);
  }

  @Test
  void aedat2RoundTripsAndSkipsApsAndSpecialEvents() {
    EventBatch events = TestEncoders.randomEvents(6, N, 346, 260, 100);
    byte[] file = TestEncoders.aedat2(events, 346, 260);
    assertSameEvents(readAll(file, in -> new Aedat2Reader(in, null), 1000, 64), events);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void aedat4RoundTripsForEachCompression(int compression) {
    EventBatch events = TestEncoders.randomEvents(7, N, 320, 240, 100);
    byte[] file = TestEncoders.aedat4(events, compression, 700, 320, 240);
    assertSameEvents(readAll(file, Aedat4Reader::new, 999, 64), events);
    try (EventReader reader = new Aedat4Reader(new ByteArrayInputStream(file), "a")) {
      assertThat(reader.geometry()).contains(new SensorGeometry(320, 240));
    }
  }

  @Test
  void csvReadsV2eTextInSecondsAndHeaderColumnsInAnyOrder() {
    String v2e = "#!events.txt\n# Format is time (float s), x, y, polarity (0=off, 1=on)\n"
        + "0.000000000 33 39 1\n0.000011001 158 145 0\n1.5 2 3 1\n";
    try (CsvReader reader = new CsvReader(new ByteArrayInputStream(v2e.getBytes()), "v2e.txt")) {
      EventBatch read = reader.readAll();
      assertThat(read.t()).startsWith(0L, 11L, 1_500_000L);
      assertThat(read.x()).startsWith((short) 33, (short) 158, (short) 2);
      assertThat(read.p()).startsWith((byte) 1, (byte) 0, (byte) 1);
      assertThat(reader.timeUnit()).isEqualTo(java.util.concurrent.TimeUnit.SECONDS);
    }
    String csv = "x,y,p,t\n5,6,-1,100\n7,8,1,200\n";
    try (CsvReader reader = new CsvReader(new ByteArrayInputStream(csv.getBytes()), "a.csv")) {
      EventBatch read = reader.readAll();
      assertThat(read.size()).isEqualTo(2);
      assertThat(new long[] {read.x()[0], read.y()[0], read.t()[0], read.p()[0]}).containsExactly(5, 6, 100, 0);
      assertThat(new long[] {read.x()[1], read.y()[1], read.t()[1], read.p()[1]}).containsExactly(7, 8, 200, 1);
    }
  }

  @Test
  void npyReadsOtherDtypesAndNormalisesPolarity() {
    // fields out of canonical order, big-endian u4 x, i2 y, f8 t in seconds, i1 polarity -1/+1
    String dict = "{'descr': [('p', '|i1'), ('x', '>u4'), ('y', '<i2'), ('t', '<f8')], 'fortran_order': False, 'shape': (2,), }";
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + dict.length() + 1 + 2 * 15).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) (dict.length() + 1)).put(dict.getBytes()).put((byte) '\n');
    b.put((byte) -1).order(java.nio.ByteOrder.BIG_ENDIAN).putInt(300).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) 20).putDouble(0.25);
    b.put((byte) 1).order(java.nio.ByteOrder.BIG_ENDIAN).putInt(301).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) 21).putDouble(0.5);
    EventReadOptions seconds = EventReadOptions.defaults().withTimeUnit(java.util.concurrent.TimeUnit.SECONDS);
    try (NpyReader reader = new NpyReader(new ByteSource(new ByteArrayInputStream(b.array()), "n.npy"), seconds)) {
      EventBatch read = reader.readAll();
      assertThat(read.size()).isEqualTo(2);
      assertThat(new long[] {read.x()[0], read.y()[0], read.t()[0], read.p()[0]}).containsExactly(300, 20, 250_000, 0);
      assertThat(new long[] {read.x()[1], read.y()[1], read.t()[1], read.p()[1]}).containsExactly(301, 21, 500_000, 1);
    }
  }
}
