package org.tnas.pipelines.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tnas.formats.config.ConfigKey;

class SettingsTemplateTest {
  private static final Path TEMPLATE = Path.of(System.getProperty("user.dir")).getParent()
      .resolve("deploy/conf/tnas.properties.template");

  @Test
  void theCommittedTemplateIsTheGeneratedOne() throws Exception {
    assertThat(Files.readString(TEMPLATE, StandardCharsets.UTF_8))
        .as("deploy/conf/tnas.properties.template is stale: regenerate it with `deploy/bin/tnas settings > deploy/conf/tnas.properties.template`")
        .isEqualTo(SettingsCommand.template());
  }

  @Test
  void everyKeyIsDocumentedOnceWithItsDefault() {
    Set<String> names = new HashSet<>();
    for (var job : SettingsCommand.jobs().values()) {
      for (ConfigKey<?> key : job) {
        assertThat(names.add(key.name())).as("key declared by two jobs: %s", key.name()).isTrue();
        assertThat(key.description()).isNotBlank();
        assertThat(SettingsCommand.template()).contains("# " + key.name() + "=");
      }
    }
  }
}
