package org.tnas.formats.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.object.datatype.FixedPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.events.SensorGeometry;

/** NPY, HDF5 and CSV files written through {@link EventFiles#create} read back identically. */
class WritersRoundTripTest {
  @TempDir Path dir;

  private org.apache.hadoop.fs.Path hadoopPath(String name) {
    return new org.apache.hadoop.fs.Path(dir.resolve(name).toUri());
  }

  @ParameterizedTest
  @EnumSource(value = EventFormat.class, names = {"NPY", "HDF5", "CSV"})
  void writtenFilesReadBackEventForEvent(EventFormat format) {
    EventBatch events = TestEncoders.randomEvents(11, 150_000, 346, 260, 40);
    org.apache.hadoop.fs.Path path = hadoopPath("events." + format.id());
    SensorGeometry geometry = new SensorGeometry(346, 260);
    try (EventWriter writer = EventFiles.create(path, new Configuration(), format, geometry)) {
      writer.write(events, 0, 1000);
      writer.write(events, 1000, events.size() - 1000);
      assertThat(writer.count()).isEqualTo(events.size());
    }
    try (EventReader reader = EventFiles.open(path, new Configuration())) {
      assertThat(reader.format()).isEqualTo(format);
      ReadersRoundTripTest.assertSameEvents(reader.readAll(), events);
      if (format == EventFormat.HDF5) {
        assertThat(reader.geometry()).contains(geometry);
      }
    }
  }

  @Test
  void npyHeaderIsTheExpelliarmusDtypeWithSixteenByteRecords() throws Exception {
    byte[] header = NpyWriter.header(3);
    assertThat(header.length % 64).isZero();
    String text = new String(header, 10, header.length - 10, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith("{'descr': [('t', '<i8'), ('x', '<i2'), ('y', '<i2'), ('p', '|u1'), ('', '|V3')], 'fortran_order': False, 'shape': (3,), }");
    assertThat(text).endsWith("\n");
    Path reference = org.tnas.formats.testing.SharedData.root().map(r -> r.resolve("events/evt3_sample.expected.npy")).orElse(null);
    if (reference != null && Files.exists(reference)) {
      byte[] bytes = Files.readAllBytes(reference);
      String referenceHeader = new String(bytes, 10, 0xB6, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(referenceHeader).startsWith("{'descr': " + NpyWriter.DESCR);
    }
  }

  @Test
  void hdf5DatasetIsUnsigned32BitRowsOfFour() {
    EventBatch events = TestEncoders.randomEvents(12, 100, 34, 34, 40);
    Path file = dir.resolve("u.h5");
    try (Hdf5Writer writer = new Hdf5Writer(file, null)) {
      writer.write(events);
    }
    try (HdfFile hdf = new HdfFile(file)) {
      Dataset dataset = hdf.getDatasetByPath("events");
      assertThat(dataset.getDimensions()).containsExactly(100, 4);
      assertThat(dataset.getDataType()).isInstanceOf(FixedPoint.class);
      FixedPoint type = (FixedPoint) dataset.getDataType();
      assertThat(type.isSigned()).isFalse();
      assertThat(type.getSize()).isEqualTo(4);
    }
  }

  @Test
  void hdf5RejectsTimestampsOutsideUint32() {
    EventBatch events = new EventBatch();
    events.add(1, 1, 1L << 32, 1);
    Hdf5Writer writer = new Hdf5Writer(dir.resolve("big.h5"), null);
    assertThatThrownBy(() -> writer.write(events))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot write HDF5 event 0: t 4294967296 us does not fit uint32 (0..4294967295)");
    assertThatThrownBy(writer::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jHDF cannot write an empty (0, 4) dataset");
  }

  @Test
  void writersExistOnlyForNpyHdf5AndCsv() {
    assertThatThrownBy(() -> EventFiles.create(hadoopPath("a.raw"), new Configuration(), EventFormat.EVT3, null))
        .isInstanceOf(EventFormatException.class)
        .hasMessageStartingWith("Cannot write event format EVT3: writers exist for npy, h5 and csv");
  }
}
