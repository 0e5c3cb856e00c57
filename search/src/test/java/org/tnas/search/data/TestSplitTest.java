package org.tnas.search.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tnas.formats.samples.SampleRecord;

class TestSplitTest {
  static SampleRecord record(String id, String subject, int label) {
    return new SampleRecord(id, "digits", subject, label, Integer.toString(label), "", Set.of(), id, Map.of());
  }

  static List<SampleRecord> records(int subjects, int perSubjectAndClass, int classes) {
    List<SampleRecord> records = new ArrayList<>();
    for (int s = 0; s < subjects; s++) {
      for (int c = 0; c < classes; c++) {
        for (int i = 0; i < perSubjectAndClass; i++) {
          records.add(record("s" + s + "-c" + c + "-" + i, "writer-" + s, c));
        }
      }
    }
    return records;
  }

  @Test
  void aSubjectSplitIsGroupedStratifiedSeededAndNearTheFraction() {
    List<SampleRecord> records = records(10, 5, 4);
    List<String> chosen = TestSplit.chooseSubjects(records, 0.2, 1);
    assertThat(chosen).hasSize(2).isEqualTo(TestSplit.chooseSubjects(records, 0.2, 1));
    assertThat(TestSplit.chooseSubjects(records, 0.2, 2)).hasSize(2);
    TestSplit split = TestSplit.ofSubjects(chosen);
    Map<Integer, Integer> held = new HashMap<>();
    for (SampleRecord record : records) {
      assertThat(split.test().test(record)).isNotEqualTo(split.training().test(record));
      if (split.test().test(record)) {
        held.merge(record.labelIndex(), 1, Integer::sum);
      }
    }
    // every class is held out in proportion: 2 subjects x 5 samples per class
    assertThat(held).containsOnly(Map.entry(0, 10), Map.entry(1, 10), Map.entry(2, 10), Map.entry(3, 10));
    assertThat(split.describe()).isEqualTo("subjects " + String.join(",", chosen));
  }

  @Test
  void aSplitNeedsTwoSubjectsAndOneKind() {
    assertThatThrownBy(() -> TestSplit.chooseSubjects(records(1, 3, 2), 0.2, 1))
        .hasMessageStartingWith("Cannot choose test subjects: 1 subject(s) among the labelled samples");
    assertThatThrownBy(() -> TestSplit.chooseSubjects(records(3, 3, 2), 1.5, 1))
        .hasMessage("Invalid test fraction: 1.5 (expected a value between 0 and 1)");
    assertThatThrownBy(() -> new TestSplit(2, new java.util.TreeSet<>(Set.of("a"))))
        .hasMessage("Invalid test split: fold 2 and subjects [a] (choose one)");
    assertThat(TestSplit.ofFold(3).test().test(new SampleRecord("x", "d", "", 0, "a", "", Set.of(3), "x", Map.of()))).isTrue();
  }
}
