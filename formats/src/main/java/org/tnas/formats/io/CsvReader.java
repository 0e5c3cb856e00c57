package org.tnas.formats.io;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;

/**
 * Streaming reader of text events, one event per line: {@code t x y p} separated by commas,
 * semicolons, tabs or spaces (the RPG/v2e {@code events.txt} layout and plain CSV).
 *
 * <p>Lines starting with {@code #} are comments. The first other line may be a column header
 * naming the columns (t/ts/timestamp/time, x, y, p/pol/polarity), in any order; without one the
 * order is t, x, y, p. Polarity 0/1 or -1/+1 is normalised to 0/1. Timestamps are microseconds,
 * unless {@link EventReadOptions#timeUnit()} says otherwise or (when no unit is given) a comment
 * marks a v2e text file ({@code #!events.txt} or "time (float s)"), which selects seconds. Decimal
 * timestamps are rounded to the nearest microsecond. Lines are limited to 4096 bytes. Not thread
 * safe.
 */
public final class CsvReader extends AbstractEventReader {
  private static final int MAX_LINE = 4096;

  private final TimeUnit requestedUnit;
  private double timeScale;
  private boolean sawData;
  /** Column index of t, x, y, p. */
  private int[] columns = {0, 1, 2, 3};
  private long lineNumber;
  private final String[] tokens = new String[16];

  /** Opens a reader over {@code input} with default options. */
  public CsvReader(InputStream input, String source) {
    this(new ByteSource(input, source), EventReadOptions.defaults());
  }

  CsvReader(ByteSource in, EventReadOptions options) {
    super(in, EventFormat.CSV);
    setGeometry(options.geometry());
    requestedUnit = options.timeUnit();
    timeScale = EventReadOptions.microsecondsPer(requestedUnit == null ? TimeUnit.MICROSECONDS : requestedUnit);
  }

  /** The time unit in use so far (it may switch to seconds when a v2e header comment is read). */
  public TimeUnit timeUnit() {
    return timeScale == 1e6 ? TimeUnit.SECONDS : timeScale == 1e3 ? TimeUnit.MILLISECONDS
        : timeScale == 1 ? TimeUnit.MICROSECONDS : TimeUnit.NANOSECONDS;
  }

  @Override
  protected int decode(EventBatch into, int maxEvents) {
    int count = 0;
    while (count < maxEvents) {
      long at = in.offset();
      String line = in.readLine(MAX_LINE, "text event line");
      if (line == null) {
        break;
      }
      lineNumber++;
      String trimmed = line.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.charAt(0) == '#') {
        if (!sawData && requestedUnit == null) {
          String lower = trimmed.toLowerCase(Locale.ROOT);
          if (lower.startsWith("#!events.txt") || lower.contains("time (float s)")) {
            timeScale = 1e6;
          }
        }
        continue;
      }
      int n = split(trimmed);
      if (!sawData) {
        sawData = true;
        if (!isNumber(tokens[0])) {
          header(n, at);
          continue;
        }
      }
      int needed = Math.max(Math.max(columns[0], columns[1]), Math.max(columns[2], columns[3])) + 1;
      if (n < needed) {
        throw in.corruptAt(at, "Invalid text event on line " + lineNumber + ": " + n + " columns, expected " + needed);
      }
      try {
        long t = time(tokens[columns[0]]);
        int x = coordinate(tokens[columns[1]]);
        int y = coordinate(tokens[columns[2]]);
        int p = Integer.parseInt(tokens[columns[3]]);
        if (p != 0 && p != 1 && p != -1) {
          throw new IllegalArgumentException("polarity " + p + ", expected 0/1 or -1/+1");
        }
        into.add(x, y, t, p == 1 ? 1 : 0);
        count++;
      } catch (IllegalArgumentException e) {
        throw in.corruptAt(at, "Invalid text event on line " + lineNumber + " '" + abbreviate(trimmed) + "': " + e.getMessage());
      }
    }
    return count;
  }

  private void header(int n, long at) {
    int[] found = {-1, -1, -1, -1};
    for (int i = 0; i < n; i++) {
      switch (tokens[i].toLowerCase(Locale.ROOT).replace("\"", "")) {
        case "t", "ts", "timestamp", "time", "t_us" -> found[0] = i;
        case "x" -> found[1] = i;
        case "y" -> found[2] = i;
        case "p", "pol", "polarity" -> found[3] = i;
        default -> { }
      }
    }
    if (Arrays.stream(found).anyMatch(i -> i < 0)) {
      throw new org.tnas.formats.errors.EventFormatException(
          org.tnas.formats.errors.EventErrorCode.UNSUPPORTED_EVENT_FORMAT, in.source(), at,
          "Cannot map text columns " + Arrays.toString(Arrays.copyOf(tokens, n)) + " to events: expected t, x, y and p");
    }
    columns = found;
  }

  private long time(String token) {
    if (token.indexOf('.') < 0 && token.indexOf('e') < 0 && token.indexOf('E') < 0) {
      long value = Long.parseLong(token);
      return timeScale == 1 ? value : Math.round(value * timeScale);
    }
    double micros = Double.parseDouble(token) * timeScale;
    if (!(Math.abs(micros) < 9.0e18)) {
      throw new IllegalArgumentException("timestamp " + token + " out of range");
    }
    return Math.round(micros);
  }

  private static int coordinate(String token) {
    int value = Integer.parseInt(token);
    if (value < 0 || value > Short.MAX_VALUE) {
      throw new IllegalArgumentException("coordinate " + value + ", expected 0.." + Short.MAX_VALUE);
    }
    return value;
  }

  private static boolean isNumber(String token) {
    char c = token.isEmpty() ? 'a' : token.charAt(0);
    return Character.isDigit(c) || c == '-' || c == '+' || c == '.';
  }

  private int split(String line) {
    int n = 0;
    int i = 0;
    int length = line.length();
    while (i < length && n < tokens.length) {
      while (i < length && separator(line.charAt(i))) {
        i++;
      }
      if (i >= length) {
        break;
      }
      int start = i;
      while (i < length && !separator(line.charAt(i))) {
        i++;
      }
      tokens[n++] = line.substring(start, i);
    }
    return n;
  }

  private static boolean separator(char c) {
    return c == ',' || c == ';' || c == ' ' || c == '\t';
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
