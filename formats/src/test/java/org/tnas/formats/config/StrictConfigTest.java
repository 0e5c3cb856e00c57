package org.tnas.formats.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;

class StrictConfigTest {
  private static final ConfigKey<Integer> SIZE = ConfigKey.integer("job.size", 4, 1, 100, "size");
  private static final ConfigKey<String> NAME = ConfigKey.string("job.name", "alpha", "name");
  private static final ConfigKey<Double> RATE = ConfigKey.decimal("job.rate", 0.5, 0, 1, "rate");
  private static final ConfigKey<String> OUTPUT = ConfigKey.string("job.output", null, "required output");
  private static final List<ConfigKey<?>> KEYS = List.of(SIZE, NAME, RATE, OUTPUT);

  @Test
  void defaultsAreRecorded() {
    StrictConfig config = StrictConfig.builder(KEYS).build();
    assertThat(config.get(SIZE)).isEqualTo(4);
    assertThat(config.get(NAME)).isEqualTo("alpha");
    assertThat(config.get(RATE)).isEqualTo(0.5);
    assertThat(config.isSet(SIZE)).isFalse();
    assertThatThrownBy(() -> config.get(OUTPUT))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot start: required setting job.output is not set (required output)");
  }

  @Test
  void explicitValuesMapToEveryKey() {
    StrictConfig config = StrictConfig.builder(KEYS)
        .confPairs(List.of("job.size=7", "job.name=beta", "job.rate=0.25", "job.output=/tmp/x"))
        .build();
    assertThat(config.get(SIZE)).isEqualTo(7);
    assertThat(config.get(NAME)).isEqualTo("beta");
    assertThat(config.get(RATE)).isEqualTo(0.25);
    assertThat(config.get(OUTPUT)).isEqualTo("/tmp/x");
    assertThat(config.resolved()).containsEntry("job.size", "7").containsEntry("job.output", "/tmp/x");
  }

  @Test
  void precedenceIsOptionsOverConfOverFileOverDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "job.size=10\njob.name=file\njob.rate=0.1\n", StandardCharsets.UTF_8);
    Map<String, String> options = new HashMap<>();
    options.put("job.size", "30");
    options.put("job.name", null);
    StrictConfig config = StrictConfig.builder(KEYS)
        .file(file)
        .confPairs(List.of("job.size=20", "job.name=conf"))
        .options(options)
        .build();
    assertThat(config.get(SIZE)).isEqualTo(30);
    assertThat(config.get(NAME)).isEqualTo("conf");
    assertThat(config.get(RATE)).isEqualTo(0.1);
  }

  @Test
  void unknownKeyFailsAtStartup(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> StrictConfig.builder(KEYS).confPairs(List.of("job.sise=3")))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid config key: job.sise (from --conf; known keys: job.name, job.output, job.rate, job.size)");
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "nope=1\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> StrictConfig.builder(KEYS).file(file))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Invalid config key: nope (from config file " + file);
  }

  @Test
  void invalidValuesNameKeyValueAndOrigin() {
    assertThatThrownBy(() -> StrictConfig.builder(KEYS).confPairs(List.of("job.size=0")).build())
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid job.size: 0 (expected 1..100) from --conf");
    assertThatThrownBy(() -> StrictConfig.builder(KEYS).confPairs(List.of("job.rate=abc")).build())
        .hasMessage("Invalid job.rate: abc (expected a number) from --conf");
    assertThatThrownBy(() -> StrictConfig.builder(KEYS).confPairs(List.of("job.size")))
        .hasMessage("Invalid --conf entry: job.size (expected key=value)");
  }
}
