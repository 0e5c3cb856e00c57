package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.util.Seeds;

/** The input path of a {@link FrameRepresentation} with Crop and Mirror on the events or on the frames. */
class FrameInputTest {
  private static final SensorGeometry SENSOR = new SensorGeometry(40, 30);
  private static final FrameRepresentation BINARY = FrameRepresentation.timeBins(3, FrameMode.BINARY, 16, 12);

  /** The seed step {@code step} runs with (its draw: first whether it fires, then the seed). */
  private static long seedOf(long runSeed, String sampleId, int epoch, int step) {
    SplittableRandom random = new SplittableRandom(Seeds.derive(runSeed, sampleId, epoch, step));
    random.nextDouble();
    return random.nextLong();
  }

  @Test
  void framesDomainBinsAtTheSensorSizeCropsAndMirrors() {
    EventBatch events = TestEvents.random(3, 4000, SENSOR, 100);
    AugmentationPipeline pipeline = AugmentationPipeline.parse("hflip@0.5; crop(min_scale=0.2); mirror");
    FrameInput input = new FrameInput(pipeline, BINARY, CropDomain.FRAMES);
    AugmentationPipeline eventSteps = AugmentationPipeline.parse("hflip@0.5");
    assertThat(input.eventSteps()).isEqualTo(eventSteps);
    for (int epoch = 0; epoch < 8; epoch++) {
      // spelled out: the event step, binning at the whole sensor's 40x30, torchvision's box on it, resized to 16x12, mirrored
      AugmentationPipeline.Augmented augmented = eventSteps.augment(events, SENSOR, 9, "s", epoch);
      float[] full = new FrameRepresentation(Slicing.byTimeBins(3), FrameMode.BINARY, 40, 30, null)
          .encode(augmented.events(), augmented.geometry());
      PixelRegion box = new FrameAugmentations.RandomResizedCrop(16, 12, 0.2, 1, 0.75, 4.0 / 3).box(40, 30, seedOf(9, "s", epoch, 1));
      GeometryKernels.Side side = new FrameAugmentations.FaceMirror(Augmentations.MirrorSide.RANDOM).chosenSide(seedOf(9, "s", epoch, 2));
      float[] expected = FrameKernels.mirror(FrameKernels.resizedCrop(full, 6, 30, 40, box, 16, 12), 6, 12, 16, side);
      assertThat(input.encode(events, SENSOR, 9, "s", epoch)).as("epoch %d", epoch).hasSize(6 * 12 * 16).containsExactly(expected);
    }
  }

  @Test
  void framesBinnedBinsTheBoxOfTheAreaAtTheOutputSize() {
    EventBatch events = TestEvents.random(3, 4000, SENSOR, 100);
    AugmentationPipeline pipeline = AugmentationPipeline.parse("hflip@0.5; crop(min_scale=0.2); mirror");
    // count frames of a region: the box is drawn on the region's 30x20 and shifted onto the sensor
    PixelRegion area = new PixelRegion(6, 5, 30, 20);
    FrameRepresentation counts = new FrameRepresentation(Slicing.byTimeBins(3), FrameMode.COUNT, 16, 12, area);
    FrameInput input = new FrameInput(pipeline, counts, CropDomain.FRAMES_BINNED);
    AugmentationPipeline eventSteps = AugmentationPipeline.parse("hflip@0.5");
    for (int epoch = 0; epoch < 8; epoch++) {
      AugmentationPipeline.Augmented augmented = eventSteps.augment(events, SENSOR, 9, "s", epoch);
      PixelRegion box = new FrameAugmentations.RandomResizedCrop(16, 12, 0.2, 1, 0.75, 4.0 / 3).box(30, 20, seedOf(9, "s", epoch, 1));
      PixelRegion onSensor = new PixelRegion(6 + box.x(), 5 + box.y(), box.width(), box.height());
      float[] binned = new FrameRepresentation(Slicing.byTimeBins(3), FrameMode.COUNT, 16, 12, onSensor)
          .encode(augmented.events(), augmented.geometry());
      GeometryKernels.Side side = new FrameAugmentations.FaceMirror(Augmentations.MirrorSide.RANDOM).chosenSide(seedOf(9, "s", epoch, 2));
      assertThat(input.encode(events, SENSOR, 9, "s", epoch)).as("epoch %d", epoch)
          .containsExactly(FrameKernels.mirror(binned, 6, 12, 16, side));
    }
    assertThat(CropDomain.parse(" Frames-Binned ")).isEqualTo(CropDomain.FRAMES_BINNED);
    assertThat(CropDomain.FRAMES_BINNED.label()).isEqualTo("frames-binned");
    assertThatThrownBy(() -> new FrameInput(AugmentationPipeline.parse("crop; hflip"), counts, CropDomain.FRAMES_BINNED))
        .hasMessageStartingWith("Invalid crop domain: frames (step 0 ");
  }

  @Test
  void framesDomainEqualsEventsDomainWhenNoFrameStepFires() {
    EventBatch events = TestEvents.random(4, 3000, SENSOR, 0);
    AugmentationPipeline noFrameSteps = AugmentationPipeline.parse("hflip@0.5; random_drop(min_ratio=0,max_ratio=0.3)@0.5");
    AugmentationPipeline neverFiring = AugmentationPipeline.parse("hflip@0.5; crop@0; mirror@0");
    for (AugmentationPipeline pipeline : List.of(noFrameSteps, neverFiring, AugmentationPipeline.empty())) {
      FrameInput frames = new FrameInput(pipeline, BINARY, CropDomain.FRAMES);
      FrameInput eventDomain = new FrameInput(pipeline, BINARY, CropDomain.EVENTS);
      for (int epoch = 0; epoch < 6; epoch++) {
        AugmentationPipeline.Augmented augmented = pipeline.augment(events, SENSOR, 2, "t", epoch);
        float[] expected = BINARY.encode(augmented.events(), augmented.geometry());
        assertThat(eventDomain.encode(events, SENSOR, 2, "t", epoch)).containsExactly(expected);
        assertThat(frames.encode(events, SENSOR, 2, "t", epoch)).as("%s epoch %d", pipeline.spec(), epoch).containsExactly(expected);
      }
    }
    // a crop and mirror of probability 0.5: the epochs where neither fires give the events domain's tensor
    AugmentationPipeline sometimes = AugmentationPipeline.parse("hflip@0.5; crop@0.5; mirror@0.5");
    FrameInput frames = new FrameInput(sometimes, BINARY, CropDomain.FRAMES);
    FrameInput eventDomain = new FrameInput(sometimes, BINARY, CropDomain.EVENTS);
    int quiet = 0;
    int differing = 0;
    for (int epoch = 0; epoch < 24; epoch++) {
      List<Integer> firing = sometimes.firingSteps(2, "t", epoch);
      float[] a = frames.encode(events, SENSOR, 2, "t", epoch);
      float[] b = eventDomain.encode(events, SENSOR, 2, "t", epoch);
      if (!firing.contains(1) && !firing.contains(2)) {
        assertThat(a).as("epoch %d", epoch).containsExactly(b);
        quiet++;
      } else if (!java.util.Arrays.equals(a, b)) {
        differing++;
      }
    }
    assertThat(quiet).isBetween(1, 23);
    assertThat(differing).isPositive();
  }

  @Test
  void countModeAndARegionCropAtTheRegionsSize() {
    EventBatch events = TestEvents.random(5, 5000, SENSOR, 0);
    PixelRegion region = new PixelRegion(6, 4, 24, 20);
    FrameRepresentation counts = new FrameRepresentation(Slicing.byEventBins(4), FrameMode.COUNT, 10, 8, region);
    AugmentationPipeline pipeline = AugmentationPipeline.parse("crop; mirror(side=left)");
    FrameInput input = new FrameInput(pipeline, counts, CropDomain.FRAMES);
    for (int epoch = 0; epoch < 5; epoch++) {
      float[] full = new FrameRepresentation(Slicing.byEventBins(4), FrameMode.COUNT, 24, 20, region).encode(events, SENSOR);
      PixelRegion box = FrameAugmentations.RandomResizedCrop.defaults(10).box(24, 20, seedOf(7, "c", epoch, 0));
      float[] expected = FrameKernels.resizedCrop(full, 8, 20, 24, box, 10, 8, GeometryKernels.Side.LEFT);
      float[] encoded = input.encode(events, SENSOR, 7, "c", epoch);
      assertThat(encoded).as("epoch %d", epoch).hasSize(8 * 8 * 10).containsExactly(expected);
      // counts survive the crop: some pixel holds more than one event
      float max = 0;
      for (float v : encoded) {
        max = Math.max(max, v);
      }
      assertThat(max).isGreaterThan(1f);
    }
    // only the mirror: encoded at the output size, then mirrored
    FrameInput mirrorOnly = new FrameInput(AugmentationPipeline.parse("mirror(side=right)"), counts, CropDomain.FRAMES);
    assertThat(mirrorOnly.encode(events, SENSOR, 7, "c", 0))
        .containsExactly(FrameKernels.mirror(counts.encode(events, SENSOR), 8, 8, 10, GeometryKernels.Side.RIGHT));
  }

  @Test
  void theSameSeedGivesTheSameTensorAnotherEpochAnotherOne() {
    EventBatch events = TestEvents.random(6, 4000, SENSOR, 0);
    FrameInput input = new FrameInput(AugmentationPipeline.spikingFer(), BINARY, CropDomain.FRAMES);
    ValidEvents checked = EventChecks.validate(events, SENSOR);
    float[] first = input.encode(events, SENSOR, 11, "d", 3);
    assertThat(input.encode(events, SENSOR, 11, "d", 3)).containsExactly(first);
    assertThat(new FrameInput(AugmentationPipeline.spikingFer(), BINARY, CropDomain.FRAMES).encode(checked, 11, "d", 3))
        .containsExactly(first);
    assertThat(input.encode(events, SENSOR, 11, "d", 4)).isNotEqualTo(first);
    assertThat(input.encode(events, SENSOR, 12, "d", 3)).isNotEqualTo(first);
    assertThat(input.encode(events, SENSOR)).containsExactly(BINARY.encode(events, SENSOR));
  }

  @Test
  void aMisplacedCropIsRejectedAsSpikingFerInputRejectsIt() {
    AugmentationPipeline cropFirst = AugmentationPipeline.parse("crop; hflip@0.5");
    String message = "Invalid crop domain: frames (step 0 " + cropFirst.steps().get(0).augmentation().spec()
        + " is followed by event augmentations; crop and mirror must be the last steps: " + cropFirst.spec() + ")";
    assertThatThrownBy(() -> new FrameInput(cropFirst, BINARY, CropDomain.FRAMES)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> new SpikingFerInput(cropFirst, 6, 100, 16, CropDomain.FRAMES)).hasMessage(message);
    assertThatThrownBy(() -> CropDomain.FRAMES.requireOrder(cropFirst)).hasMessage(message);
    AugmentationPipeline twoCrops = AugmentationPipeline.parse("crop; crop");
    assertThatThrownBy(() -> new FrameInput(twoCrops, BINARY, CropDomain.FRAMES))
        .hasMessage("Invalid crop domain: frames (two crop steps: " + twoCrops.spec() + ")");
    // the events domain takes any order
    assertThat(new FrameInput(cropFirst, BINARY, CropDomain.EVENTS).eventSteps()).isEqualTo(cropFirst);
    CropDomain.EVENTS.requireOrder(cropFirst);
  }

  @Test
  void invalidEventsAreReportedInBothDomains() {
    EventBatch bad = TestEvents.of(0, 0, 10, 1, 45, 0, 20, 0);
    for (CropDomain domain : CropDomain.values()) {
      assertThatThrownBy(() -> new FrameInput(AugmentationPipeline.spikingFer(), BINARY, domain).encode(bad, SENSOR, 1, "a", 0))
          .hasMessage("Invalid event 1: x = 45 is outside the sensor 40x30");
    }
  }
}
