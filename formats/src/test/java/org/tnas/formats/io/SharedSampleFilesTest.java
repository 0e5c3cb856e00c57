package org.tnas.formats.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.testing.SharedData;

/**
 * The real recordings of ../shared/data/events decode to exactly the facts of its README, opened
 * through {@link EventFiles} (Hadoop local file system, format auto-detected). Skipped when the
 * shared data is absent.
 */
class SharedSampleFilesTest {
  private record Facts(long count, long on, long firstT, long lastT, int maxX, int maxY) {}

  private static EventBatch open(Path file, EventFormat expectedFormat, SensorGeometry expectedGeometry) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
    assertThat(EventFiles.detect(path, new Configuration())).isEqualTo(expectedFormat);
    try (EventReader reader = EventFiles.open(path, new Configuration())) {
      assertThat(reader.format()).isEqualTo(expectedFormat);
      assertThat(reader.geometry().orElse(null)).isEqualTo(expectedGeometry);
      return reader.readAll();
    }
  }

  private static Facts facts(EventBatch b) {
    int maxX = 0;
    int maxY = 0;
    for (int i = 0; i < b.size(); i++) {
      maxX = Math.max(maxX, b.x()[i]);
      maxY = Math.max(maxY, b.y()[i]);
    }
    return new Facts(b.size(), b.countOn(), b.t()[0], b.t()[b.size() - 1], maxX, maxY);
  }

  @Test
  void aedat4Sample() {
    EventBatch b = open(SharedData.require("events/tonic_sample.aedat4"), EventFormat.AEDAT4, new SensorGeometry(320, 240));
    Facts f = facts(b);
    assertThat(f.count()).isEqualTo(111_954);
    assertThat(f.on()).isEqualTo(55_023);
    assertThat(f.count() - f.on()).isEqualTo(56_931);
    assertThat(f.firstT()).isEqualTo(1_605_537_493_718_345L);
    assertThat(f.lastT()).isEqualTo(1_605_537_494_308_262L);
    assertThat(f.maxX()).isLessThan(320);
    assertThat(f.maxY()).isLessThan(240);
  }

  @Test
  void datSample() {
    Facts f = facts(open(SharedData.require("events/tonic_sample_ncars.dat"), EventFormat.DAT, null));
    assertThat(f).isEqualTo(new Facts(2_009, f.on(), 0, 99_952, 77, 41));
  }

  @Test
  void nmnistSample() {
    EventBatch b = open(SharedData.require("events/tonic_sample_nmnist.bin"), EventFormat.NMNIST_BIN, null);
    Facts f = facts(b);
    assertThat(f.count()).isEqualTo(4_325);
    assertThat(f.maxX()).isLessThan(34);
    assertThat(f.maxY()).isLessThan(34);
    assertThat(b.isSorted()).isTrue();
  }

  @Test
  void evt2Sample() {
    Facts f = facts(open(SharedData.require("events/evt2_sample.raw"), EventFormat.EVT2, new SensorGeometry(640, 480)));
    assertThat(f).isEqualTo(new Facts(539_481, f.on(), 1_317_888, 1_367_888, 599, 475));
  }

  @Test
  void evt3SampleMatchesTheReferenceDecodingEventForEvent() throws Exception {
    Path raw = SharedData.require("events/evt3_sample.raw");
    Path expectedFile = SharedData.require("events/evt3_sample.expected.npy");
    EventBatch expected = open(expectedFile, EventFormat.NPY, null);
    EventBatch compatible;
    try (InputStream in = Files.newInputStream(raw);
        EventReader reader = new Evt3Reader(in, raw.toString(), Evt3Reader.TimeReconstruction.EXPELLIARMUS_COMPATIBLE)) {
      compatible = reader.readAll();
    }
    ReadersRoundTripTest.assertSameEvents(compatible, expected);
    Facts f = facts(compatible);
    assertThat(f).isEqualTo(new Facts(219_596, f.on(), 11_718_656, 11_772_513, 1279, 719));
  }

  @Test
  void evt3SampleOfficialTimingKeepsEveryEventAndOnlyRemovesTheReferenceTimeLowCarries() {
    EventBatch official = open(SharedData.require("events/evt3_sample.raw"), EventFormat.EVT3, new SensorGeometry(1280, 720));
    EventBatch expected = open(SharedData.require("events/evt3_sample.expected.npy"), EventFormat.NPY, null);
    assertThat(official.size()).isEqualTo(expected.size());
    long carries = 0;
    for (int i = 0; i < expected.size(); i++) {
      assertThat(official.x()[i]).isEqualTo(expected.x()[i]);
      assertThat(official.y()[i]).isEqualTo(expected.y()[i]);
      assertThat(official.p()[i]).isEqualTo(expected.p()[i]);
      long difference = expected.t()[i] - official.t()[i];
      assertThat(difference % 4096).isZero();
      carries = Math.max(carries, difference / 4096);
    }
    // the raw stream's TIME_LOW steps back 11 times without a TIME_HIGH change
    assertThat(carries).isEqualTo(11);
    assertThat(official.t()[0]).isEqualTo(11_718_656);
    assertThat(official.t()[official.size() - 1]).isEqualTo(11_772_513 - 11 * 4096);
    assertThat(official.isSorted()).isTrue();
  }
}
