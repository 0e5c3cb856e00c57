package org.tnas.pipelines.study;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One finished run of the study: its task, validation WAR/UAR of the best epoch, that epoch, the
 * epochs trained and the wall time. One CSV line ({@link #HEADER}).
 */
public record StudyRow(String id, String phase, String edas, int mask, int fold, String model, double war, double uar,
    int bestEpoch, int epochs, double seconds) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The CSV header. */
  public static final String HEADER = "id,phase,edas,mask,fold,model,war,uar,best_epoch,epochs,seconds";

  public StudyRow {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(phase, "phase is null");
    Objects.requireNonNull(edas, "edas is null");
    Objects.requireNonNull(model, "model is null");
  }

  /** The CSV line (no newline). */
  public String csv() {
    return String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%s,%s,%s,%d,%d,%.3f", id, phase, edas, mask, fold, model, war, uar, bestEpoch,
        epochs, seconds);
  }

  /** Parses a line of {@link #csv()}. */
  public static StudyRow parse(String line) {
    String[] f = line.trim().split(",");
    if (f.length != 11) {
      throw new IllegalArgumentException("Invalid study row: " + line);
    }
    return new StudyRow(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), f[5], Double.parseDouble(f[6]),
        Double.parseDouble(f[7]), Integer.parseInt(f[8]), Integer.parseInt(f[9]), Double.parseDouble(f[10]));
  }

  /** The table's comparison key: everything but the wall time. */
  public String scoreKey() {
    return String.format(Locale.ROOT, "%s,%s,%s,%d", id, war, uar, bestEpoch);
  }

  /** Rows sorted by id (the canonical table order). */
  public static List<StudyRow> sorted(List<StudyRow> rows) {
    return rows.stream().sorted(java.util.Comparator.comparing(StudyRow::id)).toList();
  }
}
