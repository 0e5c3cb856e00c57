package org.tnas.formats.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;

/**
 * The ASCII {@code %} header shared by Prophesee RAW (EVT 2.0 / 3.0) and DAT files. Data starts at
 * the first byte of a line that does not begin with {@code %}, or right after a {@code % end}
 * line (Metavision 3+), which protects data whose first byte happens to be {@code '%'}.
 *
 * <p>Geometry comes from, in order: {@code % geometry WxH}, {@code % format ...;height=H;width=W},
 * {@code % Height H} + {@code % Width W} (DAT), then the sensor implied by {@code % plugin_name}
 * (Gen3/Gen3.1 VGA 640x480, Gen4/Gen4.1/IMX636 1280x720, GenX320 320x320); else unknown.
 */
record PropheseeHeader(List<String> lines, EventFormat declaredFormat, SensorGeometry geometry) {
  static final int MAX_HEADER_BYTES = 1 << 20;
  private static final int MAX_LINE = 1 << 16;
  private static final Pattern GEOMETRY = Pattern.compile("(\\d{1,6})\\s*x\\s*(\\d{1,6})");
  private static final Pattern WIDTH = Pattern.compile("width\\s*=\\s*(\\d{1,6})");
  private static final Pattern HEIGHT = Pattern.compile("height\\s*=\\s*(\\d{1,6})");

  PropheseeHeader {
    lines = List.copyOf(lines);
  }

  /** Reads the header lines, leaving {@code in} at the first data byte. */
  static PropheseeHeader read(ByteSource in) {
    List<String> lines = new ArrayList<>();
    long start = in.offset();
    while (in.peek() == '%') {
      String line = in.readLine(MAX_LINE, "header line");
      if (in.offset() - start > MAX_HEADER_BYTES) {
        throw in.corrupt("Invalid header: longer than " + MAX_HEADER_BYTES + " bytes of % lines");
      }
      lines.add(line);
      if (line.trim().equalsIgnoreCase("% end")) {
        break;
      }
    }
    return new PropheseeHeader(lines, format(lines), geometry(lines));
  }

  /**
   * Refuses binary event data that begins with a line of text: a header whose lines lost their
   * {@code %} would otherwise be decoded as events (ASCII bytes read as EVT words give events with
   * coordinates far off the sensor). Called by the EVT readers when no {@code %} line was found;
   * real EVT data cannot start with 8 or more printable ASCII bytes followed by a newline (its
   * first word is a time word, high byte 0x6x-0x8x with other bits set).
   */
  static void refuseTextWithoutHeader(ByteSource in, EventFormat format) {
    in.fill(Math.min(TEXT_PROBE, in.buffer().length));
    byte[] buffer = in.buffer();
    int from = in.position();
    int n = Math.min(in.available(), TEXT_PROBE);
    int i = 0;
    while (i < n && isText(buffer[from + i])) {
      i++;
    }
    if (i >= MIN_TEXT_LINE && i < n && buffer[from + i] == '\n') {
      String line = new String(buffer, from, Math.min(i, 60), java.nio.charset.StandardCharsets.US_ASCII).trim();
      throw in.corrupt("Cannot decode " + format + " data: it begins with a line of text ('" + line
          + "'), probably a header line without its '%'; restore the '%' (or remove the line) instead of decoding text as events");
    }
  }

  private static final int TEXT_PROBE = 1024;
  private static final int MIN_TEXT_LINE = 8;

  private static boolean isText(byte b) {
    return (b >= 0x20 && b < 0x7F) || b == '\t' || b == '\r';
  }

  private static EventFormat format(List<String> lines) {
    for (String raw : lines) {
      String line = raw.substring(1).trim().toLowerCase(Locale.ROOT);
      if (line.startsWith("evt ") || line.startsWith("format ")) {
        String value = line.substring(line.indexOf(' ') + 1).trim();
        if (value.startsWith("3.0") || value.startsWith("evt3") || value.startsWith("evt 3")) {
          return EventFormat.EVT3;
        }
        if (value.startsWith("2.0") || value.startsWith("evt2") || value.startsWith("evt 2")) {
          return EventFormat.EVT2;
        }
      }
      if (line.startsWith("data file containing")) {
        return EventFormat.DAT;
      }
    }
    return null;
  }

  /** The value of the first {@code % key value} line (key case-insensitive), or null. */
  String value(String key) {
    for (String raw : lines) {
      String line = raw.substring(1).trim();
      if (line.regionMatches(true, 0, key, 0, key.length())
          && (line.length() == key.length() || Character.isWhitespace(line.charAt(key.length())))) {
        return line.substring(key.length()).trim();
      }
    }
    return null;
  }

  private static SensorGeometry geometry(List<String> lines) {
    PropheseeHeader probe = new PropheseeHeader(lines, null, null);
    String geometry = probe.value("geometry");
    if (geometry != null) {
      Matcher m = GEOMETRY.matcher(geometry);
      if (m.find()) {
        return safe(m.group(1), m.group(2));
      }
    }
    String format = probe.value("format");
    if (format != null) {
      Matcher w = WIDTH.matcher(format.toLowerCase(Locale.ROOT));
      Matcher h = HEIGHT.matcher(format.toLowerCase(Locale.ROOT));
      if (w.find() && h.find()) {
        return safe(w.group(1), h.group(1));
      }
    }
    String width = probe.value("width");
    String height = probe.value("height");
    if (width != null && height != null) {
      SensorGeometry declared = safe(width.trim(), height.trim());
      if (declared != null) {
        return declared;
      }
    }
    String plugin = probe.value("plugin_name");
    if (plugin != null) {
      String name = plugin.toLowerCase(Locale.ROOT);
      if (name.contains("gen41") || name.contains("gen4") || name.contains("imx636")) {
        return new SensorGeometry(1280, 720);
      }
      if (name.contains("genx320")) {
        return new SensorGeometry(320, 320);
      }
      if (name.contains("gen31") || name.contains("gen3")) {
        return new SensorGeometry(640, 480);
      }
    }
    return null;
  }

  private static SensorGeometry safe(String width, String height) {
    try {
      int w = Integer.parseInt(width);
      int h = Integer.parseInt(height);
      if (w > 0 && h > 0 && w <= SensorGeometry.MAX_SIDE && h <= SensorGeometry.MAX_SIDE) {
        return new SensorGeometry(w, h);
      }
    } catch (NumberFormatException e) {
      // not a geometry: ignore the line
    }
    return null;
  }
}
