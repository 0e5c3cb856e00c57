package org.tnas.pipelines.emulator;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

/**
 * A golden case written by tools/v2e-golden/make_goldens.py: the frames fed to the real v2e
 * EventEmulator, their times, the parameters and v2e's events (float32 t, x, y, p 0/1), in v2e's
 * output order. Format (gzip, little-endian): "TNASV2EG", int32 version, int32 header length,
 * header "key=value" lines, int32 width, height, frame count, frame type (0 uint8, 1 float32),
 * float64 times, frames, int64 event count, float32 t[], int16 x[], int16 y[], int8 p[].
 */
record V2eGolden(
    String name,
    Properties header,
    int width,
    int height,
    double[] times,
    float[][] frames,
    float[] t,
    short[] x,
    short[] y,
    byte[] p) {

  static V2eGolden resource(String name) throws IOException {
    try (InputStream in = V2eGolden.class.getResourceAsStream("/golden/v2e/" + name + ".v2eg.gz")) {
      if (in == null) {
        throw new IOException("Cannot find golden: " + name);
      }
      return read(name, in);
    }
  }

  static V2eGolden file(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return read(path.getFileName().toString(), in);
    }
  }

  private static V2eGolden read(String name, InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16));
    byte[] magic = in.readNBytes(8);
    if (!"TNASV2EG".equals(new String(magic, StandardCharsets.US_ASCII))) {
      throw new IOException("Invalid golden magic: " + name);
    }
    ByteBuffer head = little(in, 8);
    int version = head.getInt();
    if (version != 1) {
      throw new IOException("Invalid golden version: " + version);
    }
    int headerLength = head.getInt();
    Properties header = new Properties();
    header.load(new StringReader(new String(in.readNBytes(headerLength), StandardCharsets.UTF_8)));
    ByteBuffer dims = little(in, 16);
    int width = dims.getInt();
    int height = dims.getInt();
    int frameCount = dims.getInt();
    int frameType = dims.getInt();
    ByteBuffer timeBytes = little(in, 8 * frameCount);
    double[] times = new double[frameCount];
    for (int i = 0; i < frameCount; i++) {
      times[i] = timeBytes.getDouble();
    }
    float[][] frames = new float[frameCount][width * height];
    for (int f = 0; f < frameCount; f++) {
      if (frameType == 0) {
        byte[] bytes = in.readNBytes(width * height);
        for (int i = 0; i < bytes.length; i++) {
          frames[f][i] = bytes[i] & 0xFF;
        }
      } else {
        ByteBuffer values = little(in, 4 * width * height);
        for (int i = 0; i < width * height; i++) {
          frames[f][i] = values.getFloat();
        }
      }
    }
    int n = (int) little(in, 8).getLong();
    ByteBuffer tb = little(in, 4L * n);
    ByteBuffer xb = little(in, 2L * n);
    ByteBuffer yb = little(in, 2L * n);
    byte[] p = in.readNBytes(n);
    float[] t = new float[n];
    short[] x = new short[n];
    short[] y = new short[n];
    for (int i = 0; i < n; i++) {
      t[i] = tb.getFloat();
      x[i] = xb.getShort();
      y[i] = yb.getShort();
    }
    return new V2eGolden(name, header, width, height, times, frames, t, x, y, p);
  }

  private static ByteBuffer little(DataInputStream in, long length) throws IOException {
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length != length) {
      throw new IOException("Cannot read golden: truncated");
    }
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private double number(String key) {
    return Double.parseDouble(header.getProperty(key));
  }

  /** The emulator parameters of this case (row-major order, so the output is canonical). */
  EmulatorParameters parameters() {
    return new EmulatorParameters(
        number("pos_thres"),
        number("neg_thres"),
        number("sigma_thres"),
        number("cutoff_hz"),
        number("leak_rate_hz"),
        number("shot_noise_rate_hz"),
        number("refractory_period_s"),
        number("leak_jitter_fraction"),
        number("noise_rate_cov_decades"),
        EmulatorParameters.DEFAULT_LIN_LOG_THRESHOLD,
        Boolean.parseBoolean(header.getProperty("hdr").toLowerCase(java.util.Locale.ROOT))
            ? InputEncoding.LOGARITHMIC
            : InputEncoding.LINEAR,
        EventOrder.ROW_MAJOR,
        (long) number("seed"));
  }

  int size() {
    return t.length;
  }
}
