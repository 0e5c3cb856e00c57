package org.tnas.pipelines.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.udfs.testing.LocalSpark;

class StudyTableTest {
  private static final List<StudyRow> ROWS = List.of(
      new StudyRow("common-m00-f0-snn", "common", "none", 0, 0, "snn", 0.5, 0.25, 3, 4, 1.5),
      new StudyRow("common-m01-f0-ann", "common", "hflip", 1, 0, "ann", 0.75, 0.7, 2, 4, 2.25),
      new StudyRow("specific-m21-f1-ann", "specific", "hflip+eventdrop", 17, 1, "ann", 1.0, 1.0, 1, 4, 0.125));

  @Test
  void rowsSurviveTheArrowFileAndItsSchemaIsTheCsvHeader() {
    assertThat(StudyTable.fromBytes(StudyTable.toBytes(ROWS), "memory")).isEqualTo(ROWS);
    assertThat(StudyTable.fromBytes(StudyTable.toBytes(List.of()), "memory")).isEmpty();
    assertThat(String.join(",", StudyTable.SCHEMA.getFields().stream().map(f -> f.getName()).toList())).isEqualTo(StudyRow.HEADER);
  }

  @Test
  void bytesThatAreNotAStudyTableAreRefusedNamingTheSource() {
    assertThatThrownBy(() -> StudyTable.fromBytes(new byte[] {1, 2, 3}, "x.arrow"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Invalid study table x.arrow: ");
  }

  @Test
  void sparkSqlQueriesTheArrowTable(@TempDir java.nio.file.Path directory) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(directory.resolve(StudyTable.FILE).toUri());
    StudyTable.write(ROWS, path, new Configuration());
    SparkSession spark = LocalSpark.session();
    StudyJob.dataFrame(spark, path).createOrReplaceTempView("study_table_test");
    List<Row> rows = spark.sql("SELECT model, count(*), sum(war), max(mask) FROM study_table_test GROUP BY model ORDER BY model")
        .collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getString(0)).isEqualTo("ann");
    assertThat(rows.get(0).getLong(1)).isEqualTo(2);
    assertThat(rows.get(0).getDouble(2)).isEqualTo(1.75);
    assertThat(rows.get(0).getInt(3)).isEqualTo(17);
    assertThat(rows.get(1).getString(0)).isEqualTo("snn");
    assertThat(rows.get(1).getDouble(2)).isEqualTo(0.5);
  }
}
