package org.tnas.formats.io;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.util.Seeds;

/** Test-only encoders producing valid files of each format from a batch (the inverse of the readers). */
public final class TestEncoders {
  private TestEncoders() {}

  /**
   * Random events sorted by (t, y, p, x) with distinct (t, y, p, x): the order an EVT3 vector
   * encoding reproduces. Times advance by 0..maxStep us; runs of equal t and y make vectors likely.
   */
  public static EventBatch randomEvents(long seed, int count, int width, int height, int maxStep) {
    SplittableRandom random = Seeds.random(seed, count, width, height);
    EventBatch batch = new EventBatch(count);
    long t = 1000 + random.nextInt(5000);
    while (batch.size() < count) {
      t += random.nextInt(maxStep + 1);
      int y = random.nextInt(height);
      int p = random.nextInt(2);
      int x = random.nextInt(width);
      int run = 1 + random.nextInt(6);
      for (int k = 0; k < run && batch.size() < count && x + k < width; k++) {
        batch.add(x + k, y, t, p);
      }
      // advance so that the next group is strictly later in (t, y, p, x) order
      t += 1;
    }
    return batch;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] evt2(EventBatch events, String header) {
    ByteBuffer out = ByteBuffer.allocate(header.length() + 8 * events.size() + 8).order(ByteOrder.LITTLE_ENDIAN);
    out.put(ascii(header));
    long high = -1;
    for (int i = 0; i < events.size(); i++) {
      long t = events.t()[i];
      if ((t >>> 6) != high) {
        high = t >>> 6;
        out.putInt((int) (0x8L << 28 | (high & 0x0FFFFFFF)));
      }
      int word = events.p()[i] << 28 | (int) (t & 0x3F) << 22 | events.x()[i] << 11 | events.y()[i];
      out.putInt(word);
    }
    return java.util.Arrays.copyOf(out.array(), out.position());
  }

  /** EVT3 with ADDR_X for single events and VECT_BASE_X + VECT_12/VECT_8 for runs of the same t, y, p. */
  public static byte[] evt3(EventBatch events, String header) {
    ByteBuffer out = ByteBuffer.allocate(header.length() + 8 * events.size() + 16).order(ByteOrder.LITTLE_ENDIAN);
    out.put(ascii(header));
    long high = -1;
    long low = -1;
    int y = -1;
    int i = 0;
    while (i < events.size()) {
      long t = events.t()[i];
      if (((t >>> 12) & 0xFFF) != high || high < 0) {
        high = (t >>> 12) & 0xFFF;
        out.putShort((short) (0x8 << 12 | high));
        low = -1;
      }
      if ((t & 0xFFF) != low) {
        low = t & 0xFFF;
        out.putShort((short) (0x6 << 12 | low));
      }
      if (events.y()[i] != y) {
        y = events.y()[i];
        out.putShort((short) (0x0 << 12 | y));
      }
      int p = events.p()[i];
      int j = i + 1;
      while (j < events.size() && events.t()[j] == t && events.y()[j] == y && events.p()[j] == p
          && events.x()[j] == events.x()[j - 1] + 1) {
        j++;
      }
      if (j - i == 1) {
        out.putShort((short) (0x2 << 12 | p << 11 | events.x()[i]));
      } else {
        int base = events.x()[i];
        out.putShort((short) (0x3 << 12 | p << 11 | base));
        int remaining = j - i;
        while (remaining > 0) {
          if (remaining >= 12 || remaining > 8) {
            int n = Math.min(12, remaining);
            out.putShort((short) (0x4 << 12 | ((1 << n) - 1)));
            remaining -= n;
          } else {
            out.putShort((short) (0x5 << 12 | ((1 << remaining) - 1)));
            remaining = 0;
          }
        }
      }
      i = j;
    }
    return java.util.Arrays.copyOf(out.array(), out.position());
  }

  public static byte[] dat(EventBatch events, String header) {
    ByteBuffer out = ByteBuffer.allocate(header.length() + 2 + 8 * events.size()).order(ByteOrder.LITTLE_ENDIAN);
    out.put(ascii(header));
    out.put((byte) 0x0C).put((byte) 8);
    for (int i = 0; i < events.size(); i++) {
      out.putInt((int) events.t()[i]);
      out.putInt(events.p()[i] << 28 | events.y()[i] << 14 | events.x()[i]);
    }
    return out.array();
  }

  public static byte[] nmnist(EventBatch events) {
    byte[] out = new byte[5 * events.size()];
    for (int i = 0; i < events.size(); i++) {
      long t = events.t()[i];
      out[5 * i] = (byte) events.x()[i];
      out[5 * i + 1] = (byte) events.y()[i];
      out[5 * i + 2] = (byte) (events.p()[i] << 7 | (t >>> 16) & 0x7F);
      out[5 * i + 3] = (byte) (t >>> 8);
      out[5 * i + 4] = (byte) t;
    }
    return out;
  }

  /** AEDAT 2.0 in the DAVIS layout with an APS sample and a special event that must be skipped. */
  public static byte[] aedat2(EventBatch events, int width, int height) {
    String header = "#!AER-DAT2.0\r\n# test file\r\n# Timestamps tick is 1 us\r\n";
    ByteBuffer out = ByteBuffer.allocate(header.length() + 8 * events.size() + 16).order(ByteOrder.BIG_ENDIAN);
    out.put(ascii(header));
    out.putInt(0x80000000 | 5 << 12).putInt((int) events.t()[0]); // APS sample
    out.putInt(1 << 10).putInt((int) events.t()[0]); // special event
    for (int i = 0; i < events.size(); i++) {
      int xa = width - 1 - events.x()[i];
      int ya = height - 1 - events.y()[i];
      out.putInt(xa << 12 | ya << 22 | events.p()[i] << 11).putInt((int) events.t()[i]);
    }
    return out.array();
  }

  /** AEDAT 4.0 with an EVTS stream (id 0), an IMUS stream (id 2) and packets of {@code perPacket} events. */
  public static byte[] aedat4(EventBatch events, int compression, int perPacket, int width, int height) {
    String xml = "<dv version=\"2.0\"><node name=\"outInfo\" path=\"/o/\">"
        + "<node name=\"2\" path=\"/o/2/\"><attr key=\"typeIdentifier\" type=\"string\">IMUS</attr></node>"
        + "<node name=\"0\" path=\"/o/0/\"><attr key=\"typeIdentifier\" type=\"string\">EVTS</attr>"
        + "<node name=\"info\" path=\"/o/0/info/\"><attr key=\"sizeX\" type=\"int\">" + width + "</attr>"
        + "<attr key=\"sizeY\" type=\"int\">" + height + "</attr></node></node></node></dv>";
    byte[] text = xml.getBytes(StandardCharsets.UTF_8);
    ByteBuffer header = ByteBuffer.allocate(44 + text.length + 1).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0, 20);
    header.put(4, (byte) 'I').put(5, (byte) 'O').put(6, (byte) 'H').put(7, (byte) 'E');
    header.putShort(8, (short) 10).putShort(10, (short) 20).putShort(12, (short) 4).putShort(14, (short) 8).putShort(16, (short) 16);
    header.putInt(20, 20 - 8);
    header.putInt(24, compression);
    header.putLong(28, -1L);
    header.putInt(36, 40 - 36);
    header.putInt(40, text.length);
    header.position(44);
    header.put(text);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(Aedat4Reader.MAGIC);
    file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(header.capacity()).array());
    file.writeBytes(header.array());
    for (int start = 0; start < events.size(); start += perPacket) {
      int n = Math.min(perPacket, events.size() - start);
      packet(file, 2, compress(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, compression));
      ByteBuffer body = ByteBuffer.allocate(4 + 28 + 16 * n).order(ByteOrder.LITTLE_ENDIAN);
      body.putInt(0, 28 + 16 * n);
      body.putInt(4, 16);
      body.put(8, (byte) 'E').put(9, (byte) 'V').put(10, (byte) 'T').put(11, (byte) 'S');
      body.putShort(12, (short) 6).putShort(14, (short) 8).putShort(16, (short) 4);
      body.putInt(20, 16 - 8);
      body.putInt(24, 4);
      body.putInt(28, n);
      for (int i = 0; i < n; i++) {
        int e = 32 + 16 * i;
        body.putLong(e, events.t()[start + i]);
        body.putShort(e + 8, events.x()[start + i]);
        body.putShort(e + 10, events.y()[start + i]);
        body.put(e + 12, events.p()[start + i]);
      }
      packet(file, 0, compress(body.array(), compression));
    }
    return file.toByteArray();
  }

  private static void packet(ByteArrayOutputStream file, int stream, byte[] body) {
    file.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(stream).putInt(body.length).array());
    file.writeBytes(body);
  }

  static byte[] compress(byte[] data, int compression) {
    switch (compression) {
      case 0:
        return data;
      case 1:
      case 2:
        try {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out)) {
            lz4.write(data);
          }
          return out.toByteArray();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      default:
        return Zstd.compress(data);
    }
  }
}
