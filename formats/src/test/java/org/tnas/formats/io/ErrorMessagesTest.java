package org.tnas.formats.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.EventReader;

/** Bad input fails with an EventFormatException whose code, offset and message say what and where. */
class ErrorMessagesTest {
  private static EventBatch one() {
    EventBatch b = new EventBatch();
    b.add(1, 2, 100, 1);
    return b;
  }

  @Test
  void truncatedEvt3WordNamesTheOffset() {
    byte[] valid = TestEncoders.evt3(one(), "% evt 3.0\n");
    byte[] cut = Arrays.copyOf(valid, valid.length - 1);
    assertThatThrownBy(() -> new Evt3Reader(new ByteArrayInputStream(cut), "a.raw").readAll())
        .isInstanceOfSatisfying(EventFormatException.class, e -> {
          assertThat(e.code()).isEqualTo(EventErrorCode.TRUNCATED_EVENT_FILE);
          assertThat(e.offset()).isEqualTo(valid.length - 2);
        })
        .hasMessage("Cannot read EVT3 word: the file ends (at byte " + (valid.length - 2) + " of a.raw)");
  }

  @Test
  void undefinedEvt3TypeIsCorrupt() {
    byte[] file = {'%', ' ', 'e', 'v', 't', ' ', '3', '.', '0', '\n', 0x34, (byte) 0x91};
    assertThatThrownBy(() -> new Evt3Reader(new ByteArrayInputStream(file), "b.raw").readAll())
        .isInstanceOfSatisfying(EventFormatException.class, e -> assertThat(e.code()).isEqualTo(EventErrorCode.CORRUPT_EVENT_FILE))
        .hasMessage("Invalid EVT3 word 0x9134: type 0x9 is not defined, expected one of 0x0,0x2-0x8,0xA,0xC,0xE,0xF (at byte 10 of b.raw)");
  }

  @Test
  void aedat4HugePacketSizeIsRejectedBeforeAllocating() {
    byte[] valid = TestEncoders.aedat4(one(), 0, 10, 32, 32);
    int headerEnd = 14 + 4 + ByteBuffer.wrap(valid, 14, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).putInt(headerEnd + 4, Integer.MAX_VALUE);
    assertThatThrownBy(() -> new Aedat4Reader(new ByteArrayInputStream(valid), "c.aedat4").readAll())
        .isInstanceOf(EventFormatException.class)
        .hasMessage("Invalid AEDAT4 packet size: 2147483647, expected 0..268435456 (at byte " + (headerEnd + 4) + " of c.aedat4)");
  }

  @Test
  void aedat4DeclaredPacketLongerThanTheFileIsTruncated() {
    byte[] valid = TestEncoders.aedat4(one(), 0, 10, 32, 32);
    int headerEnd = 14 + 4 + ByteBuffer.wrap(valid, 14, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).putInt(headerEnd + 4, 200 << 20);
    assertThatThrownBy(() -> new Aedat4Reader(new ByteArrayInputStream(valid), "d.aedat4").readAll())
        .isInstanceOfSatisfying(EventFormatException.class, e -> assertThat(e.code()).isEqualTo(EventErrorCode.TRUNCATED_EVENT_FILE))
        .hasMessageStartingWith("Cannot read AEDAT4 packet of stream 2 (209715200 bytes, ");
  }

  @Test
  void aedat4BadMagicIsUnsupported() {
    byte[] file = "#!AER-DAT3.1\r\nxxxxxxxx".getBytes();
    assertThatThrownBy(() -> new Aedat4Reader(new ByteArrayInputStream(file), "e.aedat4"))
        .isInstanceOfSatisfying(EventFormatException.class, e -> assertThat(e.code()).isEqualTo(EventErrorCode.UNSUPPORTED_EVENT_FORMAT))
        .hasMessage("Invalid AEDAT4 magic: expected #!AER-DAT4.0\\r\\n (at byte 0 of e.aedat4)");
  }

  @Test
  void npyPlainArrayCannotBeMapped() {
    String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }\n";
    ByteBuffer b = ByteBuffer.allocate(10 + dict.length()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) dict.length()).put(dict.getBytes());
    assertThatThrownBy(() -> new NpyReader(new ByteArrayInputStream(b.array()), "f.npy"))
        .isInstanceOfSatisfying(EventFormatException.class, e -> assertThat(e.code()).isEqualTo(EventErrorCode.UNSUPPORTED_EVENT_FORMAT))
        .hasMessage("Cannot map NumPy dtype <i8 to events: expected a structured dtype with fields t, x, y, p (at byte 10 of f.npy)");
  }

  @Test
  void npyMissingPolarityIsNamed() {
    String dict = "{'descr': [('t', '<i8'), ('x', '<i2'), ('y', '<i2')], 'fortran_order': False, 'shape': (0,), }\n";
    ByteBuffer b = ByteBuffer.allocate(10 + dict.length()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) dict.length()).put(dict.getBytes());
    assertThatThrownBy(() -> new NpyReader(new ByteArrayInputStream(b.array()), "g.npy"))
        .isInstanceOf(EventFormatException.class)
        .hasMessage("Cannot map NumPy fields [t:<i8, x:<i2, y:<i2] to events: expected t, x, y and p (at byte 10 of g.npy)");
  }

  @Test
  void datWithOtherEventSizeIsUnsupported() {
    byte[] file = "% Data file containing CD events.\n\u000C\u0010".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> new DatReader(new ByteArrayInputStream(file), "h.dat"))
        .isInstanceOf(EventFormatException.class)
        .hasMessage("Invalid DAT event size: 16, expected 8 (at byte 35 of h.dat)");
  }

  @Test
  void csvBadPolarityNamesTheLine() {
    byte[] file = "t,x,y,p\n1,2,3,1\n2,3,4,7\n".getBytes();
    assertThatThrownBy(() -> new CsvReader(new ByteArrayInputStream(file), "i.csv").readAll())
        .isInstanceOf(EventFormatException.class)
        .hasMessage("Invalid text event on line 3 '2,3,4,7': polarity 7, expected 0/1 or -1/+1 (at byte 16 of i.csv)");
  }

  @Test
  void unknownContentWithUnknownExtensionCannotBeDetected() {
    assertThatThrownBy(() -> EventFiles.detect(new byte[] {1, 2, 3}, 3, "x.bytes"))
        .isInstanceOfSatisfying(EventFormatException.class, e -> assertThat(e.code()).isEqualTo(EventErrorCode.UNSUPPORTED_EVENT_FORMAT))
        .hasMessageStartingWith("Cannot detect the event format: no known magic number or header, and the extension is not one of");
  }

  @Test
  void rawWithoutHeaderSaysEvt2AndEvt3CannotBeToldApart() {
    assertThatThrownBy(() -> EventFiles.detect(new byte[] {1, 2, 3}, 3, "dir/x.RAW"))
        .isInstanceOfSatisfying(EventFormatException.class, e -> assertThat(e.code()).isEqualTo(EventErrorCode.UNSUPPORTED_EVENT_FORMAT))
        .hasMessage("Cannot detect the event format of a .raw file: it has no readable '% evt 2.0' or '% evt 3.0' header line,"
            + " and without one EVT2 and EVT3 cannot be told apart; give the format (tnas import --format evt2 or"
            + " --format evt3, setting import.format) (at byte 0 of dir/x.RAW)");
  }

  @Test
  void forcedEvtFormatRefusesAHeaderThatLostItsPercent() {
    byte[] good = TestEncoders.evt3(one(), "% evt 3.0\n% geometry 320x240\n");
    // the first line has lost its '%': it is no header any more, so the text would be decoded as EVT3 words
    byte[] noHeader = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).replace("% evt 3.0\n% geometry 320x240\n", "evt 3.0 geometry 320x240\n")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> EventFiles.open(new ByteArrayInputStream(noHeader), "lost.raw", EventFormat.EVT3, EventReadOptions.defaults()))
        .isInstanceOfSatisfying(EventFormatException.class, e -> assertThat(e.code()).isEqualTo(EventErrorCode.CORRUPT_EVENT_FILE))
        .hasMessage("Cannot decode EVT3 data: it begins with a line of text ('evt 3.0 geometry 320x240'), probably a header line"
            + " without its '%'; restore the '%' (or remove the line) instead of decoding text as events (at byte 0 of lost.raw)");
    assertThatThrownBy(() -> EventFiles.open(new ByteArrayInputStream(noHeader), "lost.raw", EventFormat.EVT2, EventReadOptions.defaults()))
        .isInstanceOf(EventFormatException.class)
        .hasMessageStartingWith("Cannot decode EVT2 data: it begins with a line of text ('evt 3.0 geometry 320x240')");
    // a header whose first line starts with '%' is a header: the file stays readable
    try (EventReader reader = EventFiles.open(new ByteArrayInputStream(good), "good.raw", EventFormat.EVT3, EventReadOptions.defaults())) {
      assertThat(reader.readAll().size()).isEqualTo(one().size());
    }
  }

  @Test
  void arrowShardsPointToTheShardReader() {
    byte[] file = "ARROW1\0\0rest".getBytes();
    assertThatThrownBy(() -> EventFiles.open(new ByteArrayInputStream(file), "s.arrow", null, EventReadOptions.defaults()))
        .isInstanceOf(EventFormatException.class)
        .hasMessage("Cannot open s.arrow as an event file: it is an Arrow event shard, use the shard reader (org.tnas.formats.shards) (in s.arrow)");
  }

  @Test
  void detectionPrefersContentOverExtension() {
    byte[] evt2 = TestEncoders.evt2(one(), "% evt 2.0\n");
    assertThat(EventFiles.detect(evt2, evt2.length, "mislabelled.dat")).isEqualTo(EventFormat.EVT2);
    assertThat(EventFiles.detect(new byte[] {1, 2, 3, 4, 5}, 5, "digit.bin")).isEqualTo(EventFormat.NMNIST_BIN);
    assertThat(EventFiles.detect("1,2,3,1\n".getBytes(), 8, "e.csv")).isEqualTo(EventFormat.CSV);
    byte[] aedat2 = TestEncoders.aedat2(one(), 346, 260);
    assertThat(EventFiles.detect(aedat2, aedat2.length, "noext")).isEqualTo(EventFormat.AEDAT2);
  }
}
