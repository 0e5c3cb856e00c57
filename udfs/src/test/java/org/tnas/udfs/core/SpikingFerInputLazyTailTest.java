package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * The frames domain's lazy HFlip / Noise / Reverse / PolarityFlip / EventDrop tail ({@link
 * SpikingFerInput#tailEvents}), which draws only the blocks of the counter-based noise, flips and
 * random drop that it reads, gives exactly the frames of running every step on the events.
 */
class SpikingFerInputLazyTailTest {
  private static final SensorGeometry SENSOR = new SensorGeometry(40, 30);

  private static List<AugmentationPipeline.Step> all(double flipProbability, Augmentations.EmptyResult empty) {
    return List.of(
        new AugmentationPipeline.Step(new Augmentations.HorizontalFlip(), 0.5),
        new AugmentationPipeline.Step(Augmentations.BackgroundNoise.severity(5), 0.5),
        new AugmentationPipeline.Step(new Augmentations.TimeReversal(true), 0.2),
        new AugmentationPipeline.Step(new Augmentations.PolarityFlip(flipProbability), 1),
        new AugmentationPipeline.Step(new Augmentations.EventDrop(empty), 1),
        new AugmentationPipeline.Step(Augmentations.Crop.defaults(), 1),
        new AugmentationPipeline.Step(new Augmentations.Mirror(Augmentations.MirrorSide.RANDOM), 0.5));
  }

  private static List<EventBatch> samples() {
    List<EventBatch> samples = new ArrayList<>();
    samples.add(new EventBatch());
    samples.add(TestEvents.of(3, 4, 100, 1));
    samples.add(TestEvents.of(3, 4, 100, 1, 5, 6, 100, 0, 7, 8, 100, 1));
    samples.add(TestEvents.random(1, 50, SENSOR, 0));
    samples.add(TestEvents.random(2, 700, SENSOR, 10));
    samples.add(TestEvents.random(3, 2000, SENSOR, 1_000_000));
    return samples;
  }

  @Test
  void everySubsetOfTheSpikingFerStepsGivesTheSameFrames() {
    List<AugmentationPipeline.Step> steps = all(0.2, Augmentations.EmptyResult.RESTORE_ORIGINAL);
    List<EventBatch> samples = samples();
    int compared = 0;
    for (int mask = 0; mask < 1 << steps.size(); mask++) {
      List<AugmentationPipeline.Step> chosen = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        if ((mask & (1 << i)) != 0) {
          chosen.add(steps.get(i));
        }
      }
      SpikingFerInput input = new SpikingFerInput(new AugmentationPipeline(chosen), 6, 100, 12, CropDomain.FRAMES);
      for (int s = 0; s < samples.size(); s++) {
        for (int epoch = 0; epoch < 2; epoch++) {
          String id = "sample-" + s;
          assertThat(input.encode(samples.get(s), SENSOR, 17, id, epoch, true))
              .as("mask %d sample %d epoch %d", mask, s, epoch)
              .containsExactly(input.encode(samples.get(s), SENSOR, 17, id, epoch, false));
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(128 * 6 * 2);
  }

  @Test
  void otherFlipProbabilitiesAndTheKeptEmptyResultGiveTheSameFrames() {
    List<EventBatch> samples = samples();
    for (double flip : new double[] {0, 0.5, 1}) {
      for (Augmentations.EmptyResult empty : Augmentations.EmptyResult.values()) {
        SpikingFerInput input = new SpikingFerInput(new AugmentationPipeline(all(flip, empty)), 3, 40, 10, CropDomain.FRAMES);
        for (int s = 0; s < samples.size(); s++) {
          for (int epoch = 0; epoch < 12; epoch++) {
            assertThat(input.encode(samples.get(s), SENSOR, 5, "x" + s, epoch, true))
                .as("flip %s %s sample %d epoch %d", flip, empty, s, epoch)
                .containsExactly(input.encode(samples.get(s), SENSOR, 5, "x" + s, epoch, false));
          }
        }
      }
    }
  }

  @Test
  void largeSamplesGiveTheSameFramesWhenBlocksAreSkipped() {
    // 30,000 events (+ 6,000 noise): the binned 600 events lie beyond several 4,096-event blocks,
    // which the area and random drops count without walking them
    EventBatch events = TestEvents.random(21, 30_000, SENSOR, 0);
    SpikingFerInput input = new SpikingFerInput(new AugmentationPipeline(all(0.2, Augmentations.EmptyResult.RESTORE_ORIGINAL)), 6, 100, 8,
        CropDomain.FRAMES);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int epoch = 0; epoch < 40; epoch++) {
      assertThat(input.encode(events, SENSOR, 3, "big", epoch, true)).as("epoch %d", epoch)
          .containsExactly(input.encode(events, SENSOR, 3, "big", epoch, false));
      List<Integer> firing = input.augmentation().firingSteps(3, "big", epoch);
      java.util.SplittableRandom drop = new java.util.SplittableRandom(org.tnas.formats.util.Seeds.derive(3, "big", epoch, 4));
      drop.nextDouble();
      seen.add((firing.contains(1) ? "noise " : "") + (firing.contains(2) ? "reversed " : "")
          + new java.util.SplittableRandom(drop.nextLong()).nextInt(4));
    }
    // the drop options 2 (area) and 3 (random) with and without noise and reversal were compared
    assertThat(seen).contains("2", "3", "noise 2", "noise 3");
  }

  @Test
  void theCounterBasedDrawsGiveTheSameFramesWhenManyBlocksLieOutsideTheBinnedRange() {
    // 100,000 events: 20,000 noise events (20 noise blocks of 1,024), 29 flip and random-drop
    // blocks of 4,096; 6 x 1,000 binned events from the middle, so the lazy tail draws a few
    // blocks of each and skips the others by their block sums / counts
    EventBatch events = TestEvents.random(31, 100_000, SENSOR, 5_000);
    SpikingFerInput input = new SpikingFerInput(new AugmentationPipeline(all(0.2, Augmentations.EmptyResult.RESTORE_ORIGINAL)), 6, 1000,
        12, CropDomain.FRAMES);
    ValidEvents valid = EventChecks.validate(events, SENSOR);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int epoch = 0; epoch < 48; epoch++) {
      assertThat(input.encode(valid, 8, "many", epoch, true)).as("epoch %d", epoch)
          .containsExactly(input.encode(valid, 8, "many", epoch, false));
      List<Integer> firing = input.augmentation().firingSteps(8, "many", epoch);
      java.util.SplittableRandom drop = new java.util.SplittableRandom(org.tnas.formats.util.Seeds.derive(8, "many", epoch, 4));
      drop.nextDouble();
      seen.add((firing.contains(0) ? "hflip " : "") + (firing.contains(1) ? "noise " : "")
          + new java.util.SplittableRandom(drop.nextLong()).nextInt(4));
    }
    // every drop option, with and without noise, and the area and random drops after an hflip
    assertThat(seen.stream().map(s -> s.replace("hflip ", ""))).contains("0", "1", "2", "3", "noise 1", "noise 2", "noise 3");
    assertThat(seen.stream().filter(s -> s.startsWith("hflip") && (s.endsWith("2") || s.endsWith("3")))).isNotEmpty();
  }

  @Test
  void eventDropSelectionIsWhatTheStepRemoves() {
    EventBatch events = TestEvents.random(9, 3000, SENSOR, 0);
    ValidEvents valid = EventChecks.validate(events, SENSOR);
    Augmentations.EventDrop drop = Augmentations.EventDrop.defaults();
    java.util.Set<Augmentations.EventDrop.SelectionKind> kinds = java.util.EnumSet.noneOf(Augmentations.EventDrop.SelectionKind.class);
    for (long seed = 0; seed < 40; seed++) {
      Augmentations.EventDrop.Selection selection = Augmentations.EventDrop.select(valid, seed);
      kinds.add(selection.kind());
      int removed = switch (selection.kind()) {
        case IDENTITY -> 0;
        case FLAGS -> selection.droppedCount();
        case WINDOW -> (int) java.util.Arrays.stream(events.t()).limit(events.size())
            .filter(t -> t >= selection.window()[0] && t <= selection.window()[1]).count();
        case BOX -> {
          int inside = 0;
          for (int i = 0; i < events.size(); i++) {
            PixelRegion box = selection.box();
            int x = events.x()[i];
            int y = events.y()[i];
            inside += x >= box.x() && x < box.x() + box.width() && y >= box.y() && y < box.y() + box.height() ? 1 : 0;
          }
          yield inside;
        }
      };
      assertThat(drop.apply(events, SENSOR, seed).size()).as("seed %d", seed).isEqualTo(events.size() - removed);
    }
    assertThat(kinds).containsExactlyInAnyOrder(Augmentations.EventDrop.SelectionKind.values());
  }
}
