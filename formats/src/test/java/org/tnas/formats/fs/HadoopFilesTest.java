package org.tnas.formats.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.ProjectException;

class HadoopFilesTest {
  @TempDir java.nio.file.Path temp;
  private final Configuration conf = new Configuration();

  private Path path(String name) {
    return new Path(temp.resolve(name).toUri());
  }

  private String[] listing(java.nio.file.Path dir) throws IOException {
    try (Stream<java.nio.file.Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void writesReplacesAndReadsWithoutLeavingTemporaryOrChecksumFiles() throws IOException {
    Path file = path("report/card.md");
    HadoopFiles.writeAtomically(file, conf, "first".getBytes(StandardCharsets.UTF_8));
    HadoopFiles.writeAtomically(file, conf, "second".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(HadoopFiles.read(file, conf), StandardCharsets.UTF_8)).isEqualTo("second");
    assertThat(HadoopFiles.exists(file, conf)).isTrue();
    assertThat(HadoopFiles.exists(path("report/other.md"), conf)).isFalse();
    // no .card.md.tmp-* and no .card.md.crc beside the file on the local (checksummed) file system
    assertThat(listing(temp.resolve("report"))).containsExactly("card.md");
  }

  @Test
  void keepRefusesAnExistingFileAndLeavesItUntouched() {
    Path file = path("manifest.json");
    HadoopFiles.writeAtomically(file, conf, new byte[] {1}, HadoopFiles.Existing.KEEP);

    assertThatThrownBy(() -> HadoopFiles.writeAtomically(file, conf, new byte[] {2}, HadoopFiles.Existing.KEEP))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot write file: " + file + ": it already exists")
        .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(EventErrorCode.IO_FAILURE));
    assertThat(HadoopFiles.read(file, conf)).containsExactly(1);
  }

  @Test
  void oneErrorShapeForMissingFiles() {
    Path missing = path("absent.bin");
    assertThatThrownBy(() -> HadoopFiles.read(missing, conf))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot read file: " + missing + ": it does not exist");
    assertThatThrownBy(() -> HadoopFiles.openChannel(missing.getFileSystem(conf), missing))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot open file: " + missing + ": it does not exist");
  }

  @Test
  void channelReadsSequentiallyAndAtRandomPositions() throws IOException {
    Path file = path("data.bin");
    byte[] bytes = new byte[10_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    HadoopFiles.writeAtomically(file, conf, bytes);
    FileSystem fs = file.getFileSystem(conf);
    try (HadoopInputChannel channel = HadoopFiles.openChannel(fs, file)) {
      assertThat(channel.size()).isEqualTo(bytes.length);
      ByteBuffer head = ByteBuffer.allocate(100);
      assertThat(channel.read(head)).isEqualTo(100);
      assertThat(head.array()[99]).isEqualTo(bytes[99]);

      ByteBuffer direct = ByteBuffer.allocateDirect(10);
      channel.position(9_995);
      assertThat(channel.read(direct)).isEqualTo(5);
      direct.flip();
      for (int i = 0; i < 5; i++) {
        assertThat(direct.get()).isEqualTo(bytes[9_995 + i]);
      }
      assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      assertThat(channel.bytesRead()).isEqualTo(105);
      assertThatThrownBy(() -> channel.position(-1)).hasMessage("Invalid position: -1");
    }
  }
}
