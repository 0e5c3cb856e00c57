package org.tnas.search.data;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.util.Seeds;

/**
 * Which samples of a shard set are held out as the test split (never trained on, never searched
 * on). Three kinds, in order of precedence:
 *
 * <ul>
 *   <li>{@link #ofSubjects}: the samples of the named subjects (a subject-independent split, as
 *       face-expression benchmarks require);
 *   <li>{@link #ofFold}: Spiking-FER's folds, the samples whose test folds contain the fold;
 *   <li>{@link #ofSplitField}: the samples whose split field is {@code test}.
 * </ul>
 *
 * {@link #chooseSubjects} picks a seeded, label-stratified, subject-grouped set of test subjects
 * for a target fraction. Small, immutable and serialisable (shipped to executors).
 *
 * @param fold the fold whose test split is held out, or -1
 * @param subjects the test subjects (empty: not a subject split)
 */
public record TestSplit(int fold, SortedSet<String> subjects) implements Serializable {
  @Serial private static final long serialVersionUID = 1L;
  private static final long SUBJECT_ORDER_TAG = Seeds.stableHash("test-subjects");

  public TestSplit {
    if (fold < -1) {
      throw new IllegalArgumentException("Invalid fold: " + fold);
    }
    subjects = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(subjects, "subjects is null")));
    if (fold >= 0 && !subjects.isEmpty()) {
      throw new IllegalArgumentException("Invalid test split: fold " + fold + " and subjects " + subjects + " (choose one)");
    }
    for (String subject : subjects) {
      if (subject.isEmpty()) {
        throw new IllegalArgumentException("Invalid test subject: empty");
      }
    }
  }

  /** The samples' split field decides ({@code test}; {@code validation} is never trained on). */
  public static TestSplit ofSplitField() {
    return new TestSplit(-1, new TreeSet<>());
  }

  /** Spiking-FER fold {@code fold}. */
  public static TestSplit ofFold(int fold) {
    if (fold < 0) {
      throw new IllegalArgumentException("Invalid fold: " + fold);
    }
    return new TestSplit(fold, new TreeSet<>());
  }

  /** The samples of these subjects. */
  public static TestSplit ofSubjects(Collection<String> subjects) {
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("Invalid test subjects: none");
    }
    return new TestSplit(-1, new TreeSet<>(subjects));
  }

  /** True when the split is by subject. */
  public boolean isBySubject() {
    return !subjects.isEmpty();
  }

  /** The selection of the test split. */
  public Predicate<SampleRecord> test() {
    if (isBySubject()) {
      SortedSet<String> held = subjects;
      return record -> held.contains(record.subject());
    }
    return ShardTensorLoader.testSelection(fold);
  }

  /** The selection the network may learn from (training and validation): everything but the test split. */
  public Predicate<SampleRecord> training() {
    if (isBySubject()) {
      SortedSet<String> held = subjects;
      return record -> !held.contains(record.subject());
    }
    return ShardTensorLoader.trainingSelection(fold);
  }

  /** The fold for the samples' own validation split: only the split-field kind uses it. */
  public boolean usesSplitField() {
    return fold < 0 && !isBySubject();
  }

  /** A short description for logs, identities and the model card. */
  public String describe() {
    if (isBySubject()) {
      return "subjects " + String.join(",", subjects);
    }
    return fold >= 0 ? "fold " + fold : "split field";
  }

  @Override
  public String toString() {
    return describe();
  }

  /**
   * A seeded, label-stratified, subject-grouped choice of test subjects holding about {@code
   * fraction} of the samples: subjects are visited in a seeded order, and one joins the test split
   * when that brings every class's held-out count closer to {@code fraction} of the class (summed
   * absolute error), until the held-out part reaches the fraction. Samples without a subject are
   * never held out. Deterministic in (records, fraction, seed).
   *
   * @throws IllegalArgumentException "Cannot choose test subjects: ..." when fewer than 2 subjects exist
   */
  public static List<String> chooseSubjects(List<SampleRecord> records, double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("Invalid test fraction: " + fraction + " (expected a value between 0 and 1)");
    }
    TreeMap<String, Map<Integer, Integer>> bySubject = new TreeMap<>();
    Map<Integer, Integer> totals = new HashMap<>();
    int all = 0;
    for (SampleRecord record : records) {
      if (!record.isLabelled() || record.subject().isEmpty()) {
        continue;
      }
      bySubject.computeIfAbsent(record.subject(), s -> new HashMap<>()).merge(record.labelIndex(), 1, Integer::sum);
      totals.merge(record.labelIndex(), 1, Integer::sum);
      all++;
    }
    if (bySubject.size() < 2) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "Cannot choose test subjects: %d subject(s) among the "
          + "labelled samples (a subject-grouped test split needs at least 2; give the subjects with the dataset, e.g. "
          + "the generic layout's CSV manifest column subject)", bySubject.size()));
    }
    List<String> order = new ArrayList<>(bySubject.keySet());
    Collections.shuffle(order, new java.util.Random(Seeds.derive(seed, SUBJECT_ORDER_TAG)));
    Map<Integer, Integer> held = new HashMap<>();
    List<String> chosen = new ArrayList<>();
    int heldSamples = 0;
    for (String subject : order) {
      if (heldSamples >= fraction * all || chosen.size() == bySubject.size() - 1) {
        break;
      }
      Map<Integer, Integer> counts = bySubject.get(subject);
      double without = 0;
      double with = 0;
      for (Map.Entry<Integer, Integer> total : totals.entrySet()) {
        double target = fraction * total.getValue();
        int current = held.getOrDefault(total.getKey(), 0);
        without += Math.abs(current - target);
        with += Math.abs(current + counts.getOrDefault(total.getKey(), 0) - target);
      }
      if (with < without || chosen.isEmpty()) {
        chosen.add(subject);
        counts.forEach((label, count) -> held.merge(label, count, Integer::sum));
        heldSamples += counts.values().stream().mapToInt(Integer::intValue).sum();
      }
    }
    Collections.sort(chosen);
    return chosen;
  }
}
