package org.tnas.pipelines.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmulatorParametersTest {

  @Test
  void presetsRecordV2eDefaults() {
    EmulatorParameters init = EmulatorParameters.v2eDefaults();
    assertThat(init.positiveThreshold()).isEqualTo(0.2);
    assertThat(init.negativeThreshold()).isEqualTo(0.2);
    assertThat(init.thresholdSigma()).isEqualTo(0.03);
    assertThat(init.cutoffHz()).isZero();
    assertThat(init.leakRateHz()).isEqualTo(0.1);
    assertThat(init.shotNoiseRateHz()).isZero();
    assertThat(init.refractoryPeriodSeconds()).isZero();
    assertThat(init.leakJitterFraction()).isEqualTo(0.1);
    assertThat(init.noiseRateVariationDecades()).isEqualTo(0.1);
    assertThat(init.linLogThreshold()).isEqualTo(20);
    assertThat(init.input()).isEqualTo(InputEncoding.LINEAR);

    EmulatorParameters cli = EmulatorParameters.commandLineDefaults();
    assertThat(cli.cutoffHz()).isEqualTo(300);
    assertThat(cli.leakRateHz()).isEqualTo(0.01);
    assertThat(cli.shotNoiseRateHz()).isEqualTo(0.001);
    assertThat(cli.refractoryPeriodSeconds()).isEqualTo(0.0005);

    EmulatorParameters noisy = EmulatorParameters.noisy();
    assertThat(noisy.thresholdSigma()).isEqualTo(0.05);
    assertThat(noisy.cutoffHz()).isEqualTo(30);
    assertThat(noisy.shotNoiseRateHz()).isEqualTo(5.0);
    assertThat(noisy.leakRateHz()).isEqualTo(0.1);

    EmulatorParameters clean = EmulatorParameters.clean();
    assertThat(clean.thresholdSigma()).isEqualTo(0.02);
    assertThat(clean.leakRateHz() + clean.shotNoiseRateHz() + clean.cutoffHz() + clean.leakJitterFraction()).isZero();

    assertThat(EmulatorParameters.spikingFer().thresholdSigma()).isEqualTo(0.02);
    assertThat(EmulatorParameters.noiseFree().isDeterministic()).isTrue();
    assertThat(EmulatorParameters.noiseFree().order()).isEqualTo(EventOrder.ROW_MAJOR);
    assertThat(cli.isDeterministic()).isFalse();
  }

  @Test
  void presetsByName() {
    for (String name : EmulatorParameters.presetNames()) {
      assertThat(EmulatorParameters.preset(name.toUpperCase(java.util.Locale.ROOT)))
          .isEqualTo(EmulatorParameters.preset(name));
    }
    assertThat(EmulatorParameters.preset("command-line")).isEqualTo(EmulatorParameters.commandLineDefaults());
    assertThatThrownBy(() -> EmulatorParameters.preset("dirty"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid preset: dirty");
  }

  @Test
  void validationNamesTheParameterAndValue() {
    EmulatorParameters p = EmulatorParameters.noiseFree();
    assertThatThrownBy(() -> p.withThresholds(0, 0.2, 0)).hasMessage("Invalid positiveThreshold: 0.0");
    assertThatThrownBy(() -> p.withThresholds(0.2, -1, 0)).hasMessage("Invalid negativeThreshold: -1.0");
    assertThatThrownBy(() -> p.withThresholds(0.2, 0.2, Double.NaN)).hasMessage("Invalid thresholdSigma: NaN");
    assertThatThrownBy(() -> p.withCutoffHz(-3)).hasMessage("Invalid cutoffHz: -3.0");
    assertThatThrownBy(() -> p.withLeak(-0.1, 0, 0)).hasMessage("Invalid leakRateHz: -0.1");
    assertThatThrownBy(() -> p.withLeak(0.1, -1, 0)).hasMessage("Invalid leakJitterFraction: -1.0");
    assertThatThrownBy(() -> p.withLeak(0.1, 0, -2)).hasMessage("Invalid noiseRateVariationDecades: -2.0");
    assertThatThrownBy(() -> p.withShotNoiseRateHz(Double.POSITIVE_INFINITY))
        .hasMessage("Invalid shotNoiseRateHz: Infinity");
    assertThatThrownBy(() -> p.withRefractoryPeriodSeconds(-1e-3)).hasMessage("Invalid refractoryPeriodSeconds: -0.001");
    assertThatThrownBy(() -> p.withLinLogThreshold(0)).hasMessage("Invalid linLogThreshold: 0.0");
    assertThatThrownBy(() -> p.withOrder(null)).hasMessage("order is null");
    assertThatThrownBy(() -> p.withInput(null)).hasMessage("input is null");
  }

  @Test
  void mapUsesV2eNames() {
    assertThat(EmulatorParameters.commandLineDefaults().withSeed(7).toMap())
        .containsEntry("emulator.cutoff_hz", "300.0")
        .containsEntry("emulator.refractory_period_s", "5.0E-4")
        .containsEntry("emulator.seed", "7")
        .containsEntry("emulator.order", "shuffled")
        .hasSize(13);
  }
}
