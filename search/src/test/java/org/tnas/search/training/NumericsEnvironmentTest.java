package org.tnas.search.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The numerics environment: values, the check, and the launchers and test plugins that set it. */
class NumericsEnvironmentTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void portablePinsPathsEveryX8664CpuHasAndBothModesWaitPassively() {
    assertThat(NumericsEnvironment.environment("portable")).containsExactly(
        Map.entry("ATEN_CPU_CAPABILITY", "default"), Map.entry("ONEDNN_MAX_CPU_ISA", "SSE41"),
        Map.entry("MKL_CBWR", "COMPATIBLE"),
        Map.entry("OMP_WAIT_POLICY", "PASSIVE"));
    assertThat(NumericsEnvironment.environment("native")).containsExactly(Map.entry("OMP_WAIT_POLICY", "PASSIVE"));
    assertThat(NumericsEnvironment.executorSettings("portable")).containsEntry("spark.executorEnv.TNAS_NUMERICS", "portable")
        .containsEntry("spark.executorEnv.ONEDNN_MAX_CPU_ISA", "SSE41")
        .containsEntry("spark.executorEnv.MKL_CBWR", "COMPATIBLE")
        .containsEntry("spark.executorEnv.ATEN_CPU_CAPABILITY", "default")
        .containsEntry("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE").hasSize(5);
    assertThatThrownBy(() -> NumericsEnvironment.environment("fast")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid tnas.numerics: fast (expected portable or native)");
  }

  @Test
  void deviationsNameEachMissingOrDifferentVariable() {
    Map<String, String> actual = new HashMap<>(NumericsEnvironment.environment("portable"));
    assertThat(NumericsEnvironment.deviations("portable", actual)).isEmpty();
    actual.put("ONEDNN_MAX_CPU_ISA", "sse41"); // oneDNN reads it case-insensitively
    assertThat(NumericsEnvironment.deviations("portable", actual)).isEmpty();
    actual.put("ONEDNN_MAX_CPU_ISA", "AVX2");
    actual.remove("MKL_CBWR");
    List<String> deviations = NumericsEnvironment.deviations("portable", actual);
    assertThat(deviations).containsExactly("ONEDNN_MAX_CPU_ISA=AVX2 (expected SSE41)",
        "MKL_CBWR is not set (expected COMPATIBLE)");
    assertThat(NumericsEnvironment.deviations("native", actual)).isEmpty();
    assertThat(NumericsEnvironment.warning("portable", deviations))
        .contains("ONEDNN_MAX_CPU_ISA=AVX2 (expected SSE41)")
        .contains("may differ from those of other machines")
        .contains("deploy/bin/tnas or deploy/bin/spark-submit-tnas")
        .contains("ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 MKL_CBWR=COMPATIBLE OMP_WAIT_POLICY=PASSIVE")
        .contains("TNAS_NUMERICS=native");
  }

  @Test
  void theLaunchersAndTheTestPluginsSetTheSameValues() throws Exception {
    for (String script : List.of("deploy/bin/tnas", "deploy/bin/spark-submit-tnas", "deploy/bin/local-cluster")) {
      String text = Files.readString(ROOT.resolve(script), StandardCharsets.UTF_8);
      NumericsEnvironment.environment("portable").forEach((name, value) ->
          assertThat(text).as(script).containsPattern(name + "=\"?\\$\\{" + name + ":-" + value + "\\}"));
      assertThat(text).as(script).contains("${TNAS_NUMERICS:-portable}");
    }
    String pom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    NumericsEnvironment.environment("portable").forEach((name, value) ->
        assertThat(pom.split("<" + name + ">" + value + "</" + name + ">", -1)).as(name + " in surefire and failsafe")
            .hasSize(3));
  }

  @Test
  void thisTestJvmRunsWithThePinInEffect() {
    // surefire sets the environment (root pom); without it the engine would print the warning
    assertThat(NumericsEnvironment.mode()).isEqualTo("portable");
    assertThat(DjlEngines.numericsWarning()).isNull();
  }
}
