package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/** The Spiking-FER input path in both crop domains. */
class SpikingFerInputTest {
  private static final SensorGeometry SENSOR = new SensorGeometry(40, 40);

  private static AugmentationPipeline spikingFer() {
    return AugmentationPipeline.spikingFer();
  }

  @Test
  void framesFollowTheTimeStepRule() {
    // 7 events, event count 2: 3 slices < T = 4, so 4 event bins of all 7 events ([0,1) [1,3) [3,5) [5,7))
    EventBatch events = TestEvents.of(0, 0, 1, 1, 1, 0, 2, 0, 2, 0, 3, 1, 3, 0, 4, 0, 0, 1, 5, 1, 1, 1, 6, 0, 2, 1, 7, 1);
    float[] frames = SpikingFerInput.frames(events, new SensorGeometry(4, 2), 4, 2, 4, 2);
    assertThat(frames).hasSize(4 * 2 * 2 * 4);
    // bin 0: event (0,0,p1) -> channel 1
    assertThat(frames[1 * 8]).isEqualTo(1f);
    // with event count 1 there are 7 slices >= 4: the central 4 start at (7 - 4) / 2 = 1: events 1..4
    assertThat(SpikingFerInput.framedRange(7, 4, 1)).containsExactly(1, 5);
    assertThat(SpikingFerInput.framedRange(7, 4, 2)).containsExactly(0, 7);
    assertThat(SpikingFerInput.framedRange(100_000, 6, 2500)).containsExactly(17 * 2500, 23 * 2500);
    float[] central = SpikingFerInput.frames(events, new SensorGeometry(4, 2), 4, 1, 4, 2);
    // slice 0 = event 1 (1, 0, p0): channel 0, pixel x 1
    assertThat(central[1]).isEqualTo(1f);
    assertThat(central[0]).isEqualTo(0f);
  }

  @Test
  void eventsDomainIsThePipelineThenBinning() {
    EventBatch events = TestEvents.random(3, 5000, SENSOR, 1000);
    SpikingFerInput input = new SpikingFerInput(spikingFer(), 6, 300, 16, CropDomain.EVENTS);
    for (int epoch = 0; epoch < 5; epoch++) {
      AugmentationPipeline.Augmented augmented = spikingFer().augment(events, SENSOR, 9, "s", epoch);
      assertThat(input.encode(events, SENSOR, 9, "s", epoch))
          .containsExactly(SpikingFerInput.frames(augmented.events(), augmented.geometry(), 6, 300, 16, 16));
    }
  }

  @Test
  void framesDomainCropsAndMirrorsTheBinnedTensor() {
    EventBatch events = TestEvents.random(5, 5000, SENSOR, 1000);
    AugmentationPipeline pipeline = spikingFer();
    SpikingFerInput input = new SpikingFerInput(pipeline, 6, 300, 16, CropDomain.FRAMES);
    AugmentationPipeline eventSteps = input.eventSteps();
    assertThat(eventSteps.steps()).hasSize(5);
    int mirrored = 0;
    for (int epoch = 0; epoch < 20; epoch++) {
      float[] encoded = input.encode(events, SENSOR, 9, "s", epoch);
      assertThat(encoded).hasSize(12 * 16 * 16).containsExactly(input.encode(events, SENSOR, 9, "s", epoch));
      // the same computation spelled out: event steps, binning at the sensor size, crop box of step 5's seed, mirror of step 6's
      AugmentationPipeline.Augmented augmented = eventSteps.augment(events, SENSOR, 9, "s", epoch);
      float[] full = SpikingFerInput.frames(augmented.events(), augmented.geometry(), 6, 300, 40, 40);
      java.util.SplittableRandom cropRandom = new java.util.SplittableRandom(org.tnas.formats.util.Seeds.derive(9, "s", epoch, 5));
      cropRandom.nextDouble();
      PixelRegion box = FrameAugmentations.RandomResizedCrop.defaults(16).box(40, 40, cropRandom.nextLong());
      float[] expected = FrameKernels.resizedCrop(full, 12, 40, 40, box, 16, 16);
      if (pipeline.firingSteps(9, "s", epoch).contains(6)) {
        java.util.SplittableRandom mirrorRandom = new java.util.SplittableRandom(org.tnas.formats.util.Seeds.derive(9, "s", epoch, 6));
        mirrorRandom.nextDouble();
        expected = FrameKernels.mirror(expected, 12, 16, 16,
            new FrameAugmentations.FaceMirror(Augmentations.MirrorSide.RANDOM).chosenSide(mirrorRandom.nextLong()));
        mirrored++;
      }
      assertThat(encoded).as("epoch %d", epoch).containsExactly(expected);
    }
    assertThat(mirrored).isBetween(3, 17);
  }

  /**
   * frames-binned: the same firing decisions, box and mirror as frames, the box's events binned at the
   * output size by the binning's own rescale (OR of the sensor pixels of a frame pixel when the box is
   * larger) instead of cropped out of the sensor-size frames by NEAREST.
   */
  @Test
  void framesBinnedBinsTheCropBoxAtTheOutputSize() {
    EventBatch events = TestEvents.random(5, 5000, SENSOR, 1000);
    AugmentationPipeline pipeline = spikingFer();
    SpikingFerInput input = new SpikingFerInput(pipeline, 6, 300, 16, CropDomain.FRAMES_BINNED);
    SpikingFerInput nearest = new SpikingFerInput(pipeline, 6, 300, 16, CropDomain.FRAMES);
    AugmentationPipeline eventSteps = input.eventSteps();
    int differing = 0;
    int denser = 0;
    for (int epoch = 0; epoch < 20; epoch++) {
      float[] encoded = input.encode(events, SENSOR, 9, "s", epoch);
      AugmentationPipeline.Augmented augmented = eventSteps.augment(events, SENSOR, 9, "s", epoch);
      java.util.SplittableRandom cropRandom = new java.util.SplittableRandom(org.tnas.formats.util.Seeds.derive(9, "s", epoch, 5));
      cropRandom.nextDouble();
      PixelRegion box = FrameAugmentations.RandomResizedCrop.defaults(16).box(40, 40, cropRandom.nextLong());
      float[] expected = Frames.toFrames(cropFramed(augmented.events(), 6, 300), augmented.geometry(), Slicing.byEventBins(6),
          FrameMode.BINARY, box, 16, 16).values();
      if (pipeline.firingSteps(9, "s", epoch).contains(6)) {
        java.util.SplittableRandom mirrorRandom = new java.util.SplittableRandom(org.tnas.formats.util.Seeds.derive(9, "s", epoch, 6));
        mirrorRandom.nextDouble();
        expected = FrameKernels.mirror(expected, 12, 16, 16,
            new FrameAugmentations.FaceMirror(Augmentations.MirrorSide.RANDOM).chosenSide(mirrorRandom.nextLong()));
      }
      assertThat(encoded).as("epoch %d", epoch).containsExactly(expected);
      float[] byNearest = nearest.encode(events, SENSOR, 9, "s", epoch);
      differing += java.util.Arrays.equals(encoded, byNearest) ? 0 : 1;
      denser += sum(encoded) >= sum(byNearest) ? 1 : 0;
    }
    // boxes larger than 16x16 pool several sensor pixels per frame pixel: never sparser than one of them
    assertThat(differing).isPositive();
    assertThat(denser).isEqualTo(20);
  }

  private static EventBatch cropFramed(EventBatch events, int timeSteps, int eventCount) {
    int[] range = SpikingFerInput.framedRange(events.size(), timeSteps, eventCount);
    EventBatch framed = new EventBatch(range[1] - range[0]);
    framed.addAll(events, range[0], range[1] - range[0]);
    return framed;
  }

  private static double sum(float[] values) {
    double total = 0;
    for (float v : values) {
      total += v;
    }
    return total;
  }

  @Test
  void wholeFrameCropIsTheSensorFramesAndMirrorWithoutCropUsesTheOutputFrames() {
    EventBatch events = TestEvents.random(8, 2000, SENSOR, 0);
    AugmentationPipeline whole = new AugmentationPipeline(List.of(new AugmentationPipeline.Step(new Augmentations.Crop(1, 1, 1, 1), 1)));
    assertThat(new SpikingFerInput(whole, 6, 100, 40, CropDomain.FRAMES).encode(events, SENSOR, 1, "a", 0))
        .containsExactly(SpikingFerInput.frames(events, SENSOR, 6, 100, 40, 40));
    AugmentationPipeline mirrorLeft = new AugmentationPipeline(List.of(
        new AugmentationPipeline.Step(new Augmentations.Mirror(Augmentations.MirrorSide.LEFT), 1)));
    assertThat(new SpikingFerInput(mirrorLeft, 6, 100, 20, CropDomain.FRAMES).encode(events, SENSOR, 1, "a", 0))
        .containsExactly(FrameKernels.mirror(SpikingFerInput.frames(events, SENSOR, 6, 100, 20, 20), 12, 20, 20, GeometryKernels.Side.LEFT));
    // no augmentation: the validation encoding
    SpikingFerInput none = new SpikingFerInput(AugmentationPipeline.empty(), 6, 100, 20, CropDomain.FRAMES);
    assertThat(none.encode(events, SENSOR, 1, "a", 0)).containsExactly(none.encode(events, SENSOR));
  }

  @Test
  void framesDomainIsDeterministicAndVariesWithEpochAndSample() {
    EventBatch events = TestEvents.random(13, 20_000, SENSOR, 50);
    EventBatch copy = events.copy();
    SpikingFerInput input = new SpikingFerInput(spikingFer(), 6, 2500, 32, CropDomain.FRAMES);
    Set<Integer> hashes = new HashSet<>();
    for (int epoch = 0; epoch < 10; epoch++) {
      hashes.add(java.util.Arrays.hashCode(input.encode(events, SENSOR, 1, "x", epoch)));
      hashes.add(java.util.Arrays.hashCode(input.encode(events, SENSOR, 1, "y", epoch)));
    }
    assertThat(hashes.size()).isGreaterThan(15);
    assertThat(input.encode(events, SENSOR, 1, "x", 3)).containsExactly(input.encode(events.copy(), SENSOR, 1, "x", 3));
    assertThat(events.x()).containsExactly(copy.x());
    assertThat(events.t()).containsExactly(copy.t());
    assertThat(events.p()).containsExactly(copy.p());
  }

  @Test
  void framesDomainRejectsCropOrMirrorBeforeEventSteps() {
    AugmentationPipeline cropFirst = AugmentationPipeline.parse("crop; hflip");
    assertThatThrownBy(() -> new SpikingFerInput(cropFirst, 6, 2500, 128, CropDomain.FRAMES))
        .hasMessage("Invalid crop domain: frames (step 0 " + cropFirst.steps().get(0).augmentation().spec()
            + " is followed by event augmentations; crop and mirror must be the last steps: " + cropFirst.spec() + ")");
    AugmentationPipeline twoMirrors = AugmentationPipeline.parse("mirror(side=left); mirror(side=right)");
    assertThatThrownBy(() -> new SpikingFerInput(twoMirrors, 6, 2500, 128, CropDomain.FRAMES))
        .hasMessage("Invalid crop domain: frames (two mirror steps: " + twoMirrors.spec() + ")");
    assertThat(new SpikingFerInput(cropFirst, 6, 2500, 128, CropDomain.EVENTS).channels()).isEqualTo(12);
    assertThatThrownBy(() -> new SpikingFerInput(cropFirst, 0, 2500, 128, CropDomain.EVENTS)).hasMessage("Invalid time steps: 0");
  }

  @Test
  void aSampleCheckedOnceEncodesAsTheCheckingPathInBothDomains() {
    EventBatch events = TestEvents.random(17, 8000, SENSOR, 200);
    ValidEvents checked = EventChecks.validate(events, SENSOR);
    for (CropDomain domain : CropDomain.values()) {
      SpikingFerInput input = new SpikingFerInput(spikingFer(), 6, 300, 16, domain);
      for (int epoch = 0; epoch < 12; epoch++) {
        assertThat(input.encode(checked, 4, "s", epoch)).as("%s epoch %d", domain, epoch)
            .containsExactly(input.encode(events, SENSOR, 4, "s", epoch));
      }
    }
    for (int epoch = 0; epoch < 12; epoch++) {
      AugmentationPipeline.Augmented once = spikingFer().augment(checked, 4, "s", epoch);
      AugmentationPipeline.Augmented every = spikingFer().augment(events, SENSOR, 4, "s", epoch);
      assertThat(once.geometry()).isEqualTo(every.geometry());
      assertThat(once.events().x()).containsExactly(every.events().x());
      assertThat(once.events().t()).containsExactly(every.events().t());
      assertThat(once.events().p()).containsExactly(every.events().p());
      // no column shared with the checked input
      assertThat(once.events().x()).isNotSameAs(events.x());
      assertThat(once.events().t()).isNotSameAs(events.t());
    }
  }

  @Test
  void invalidEventsAreReportedInBothDomains() {
    EventBatch bad = TestEvents.of(0, 0, 10, 1, 45, 0, 20, 0);
    for (CropDomain domain : CropDomain.values()) {
      assertThatThrownBy(() -> new SpikingFerInput(spikingFer(), 6, 100, 16, domain).encode(bad, SENSOR, 1, "a", 0))
          .hasMessage("Invalid event 1: x = 45 is outside the sensor 40x40");
    }
  }
}
