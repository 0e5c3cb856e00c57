package org.tnas.formats.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser of the Python literal subset used by NumPy {@code .npy} headers: dicts, lists, tuples,
 * quoted strings, integers, {@code True}/{@code False}/{@code None}. Dicts become {@link Map}s,
 * lists and tuples {@link List}s, integers {@link Long}s. Nesting depth and length are bounded.
 */
final class PythonLiteral {
  private static final int MAX_DEPTH = 16;

  private final String text;
  private int pos;

  private PythonLiteral(String text) {
    this.text = text;
  }

  /** Parses {@code text}; throws IllegalArgumentException with a "Invalid ..." message. */
  static Object parse(String text) {
    PythonLiteral parser = new PythonLiteral(text);
    Object value = parser.value(0);
    parser.skipSpace();
    if (parser.pos != text.length()) {
      throw parser.error("unexpected trailing text");
    }
    return value;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("Invalid Python literal at character " + pos + ": " + what);
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return dict(depth);
      case '[':
        return sequence(depth, ']');
      case '(':
        return sequence(depth, ')');
      case '\'':
      case '"':
        return string(c);
      default:
        if (c == '-' || c == '+' || Character.isDigit(c)) {
          return number();
        }
        return word();
    }
  }

  private Map<String, Object> dict(int depth) {
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == '}') {
        pos++;
        return map;
      }
      Object key = value(depth + 1);
      if (!(key instanceof String)) {
        throw error("dict key is not a string");
      }
      skipSpace();
      expect(':');
      map.put((String) key, value(depth + 1));
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
      } else {
        skipSpace();
        expect('}');
        return map;
      }
    }
  }

  private List<Object> sequence(int depth, char close) {
    pos++;
    List<Object> list = new ArrayList<>();
    while (true) {
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == close) {
        pos++;
        return list;
      }
      list.add(value(depth + 1));
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
      } else {
        expect(close);
        return list;
      }
    }
  }

  private void expect(char c) {
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private String string(char quote) {
    pos++;
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return out.toString();
      }
      if (c == '\\' && pos < text.length()) {
        c = text.charAt(pos++);
      }
      out.append(c);
    }
    throw error("unterminated string");
  }

  private Long number() {
    int start = pos;
    if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
      pos++;
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    // shapes may carry a long suffix in headers written by Python 2 ("3L")
    String digits = text.substring(start, pos);
    if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
      pos++;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw error("bad integer " + digits);
    }
  }

  private Object word() {
    int start = pos;
    while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
      pos++;
    }
    String word = text.substring(start, pos);
    switch (word) {
      case "True":
        return Boolean.TRUE;
      case "False":
        return Boolean.FALSE;
      case "None":
        return null;
      default:
        throw error("unexpected token '" + (word.isEmpty() ? text.charAt(start) : word) + "'");
    }
  }
}
