package org.tnas.pipelines.datasets;

import java.io.Serial;
import java.io.Serializable;
import java.util.Comparator;

/**
 * Compares names so that runs of digits compare by value ({@code 2.png < 10.png}), other characters
 * by code point; names equal that way are ordered by plain {@link String#compareTo}, so the order is
 * total and deterministic. Stateless, thread-safe, serialisable.
 */
public final class NaturalOrder implements Comparator<String>, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** The one instance. */
  public static final NaturalOrder INSTANCE = new NaturalOrder();

  private NaturalOrder() {}

  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (isDigit(ca) && isDigit(cb)) {
        int startA = i;
        int startB = j;
        while (i < a.length() && isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && isDigit(b.charAt(j))) {
          j++;
        }
        int compared = compareDigits(a.substring(startA, i), b.substring(startB, j));
        if (compared != 0) {
          return compared;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int remaining = Integer.compare(a.length() - i, b.length() - j);
    return remaining != 0 ? remaining : a.compareTo(b);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int compareDigits(String a, String b) {
    String x = stripZeros(a);
    String y = stripZeros(b);
    if (x.length() != y.length()) {
      return Integer.compare(x.length(), y.length());
    }
    return x.compareTo(y);
  }

  private static String stripZeros(String digits) {
    int k = 0;
    while (k < digits.length() - 1 && digits.charAt(k) == '0') {
      k++;
    }
    return digits.substring(k);
  }
}
