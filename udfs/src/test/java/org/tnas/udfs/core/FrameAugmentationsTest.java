package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.SensorGeometry;

/** Frame-domain RandomResizedCrop and FaceMirror: hand-computed cases, torchvision's rules, determinism. */
class FrameAugmentationsTest {

  @Test
  void nearestIndicesFollowPytorchsRule() {
    // hand-computed: s = in / out in float32, floor(o * s), clamped to in - 1
    assertThat(FrameKernels.nearestIndices(3, 7)).containsExactly(0, 0, 0, 1, 1, 2, 2);
    assertThat(FrameKernels.nearestIndices(5, 3)).containsExactly(0, 1, 3);
    assertThat(FrameKernels.nearestIndices(2, 4)).containsExactly(0, 0, 1, 1);
    assertThat(FrameKernels.nearestIndices(4, 4)).containsExactly(0, 1, 2, 3);
    assertThat(FrameKernels.nearestIndices(1, 3)).containsExactly(0, 0, 0);
    assertThat(FrameKernels.nearestIndices(200, 128)[127]).isEqualTo(198);
  }

  @Test
  void nearestIndicesUseFloat32ProductsAsPytorchDoes() {
    // (input, output, output index, torch's source index); the exact floor(o * in / out) is one more.
    // Values from a numpy float32 emulation of ATen's nearest_neighbor_compute_source_index.
    int[][] float32Cases = {{84, 100, 75, 62}, {105, 100, 60, 62}, {106, 100, 50, 52}, {118, 100, 50, 58},
        {130, 100, 90, 116}, {156, 100, 75, 116}, {168, 100, 75, 125}};
    Set<String> special = new HashSet<>();
    for (int[] c : float32Cases) {
      assertThat(FrameKernels.nearestIndices(c[0], c[1])[c[2]]).as("%d -> %d at %d", c[0], c[1], c[2]).isEqualTo(c[3]);
      assertThat((long) c[2] * c[0] / c[1]).isEqualTo(c[3] + 1);
      special.add(c[0] + "," + c[1] + "," + c[2]);
    }
    // everywhere else (inputs 1..200, outputs 128, 100, 64, 7, 5, 3) the float32 rule equals the exact one
    for (int in = 1; in <= 200; in++) {
      for (int out : new int[] {128, 100, 64, 7, 5, 3}) {
        int[] source = FrameKernels.nearestIndices(in, out);
        for (int o = 0; o < out; o++) {
          if (!special.contains(in + "," + out + "," + o)) {
            assertThat(source[o]).as("%d -> %d at %d", in, out, o).isEqualTo((int) Math.min((long) o * in / out, in - 1));
          }
        }
      }
    }
  }

  @Test
  void resizedCropOfAFewPixels() {
    // 2 channels of 3 rows x 4 columns, values 0..23; box x 1..2, y 0..1 resized to 3x3:
    // rows and columns of the box: nearestIndices(2, 3) = 0, 0, 1
    float[] frames = new float[24];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = i;
    }
    float[] out = FrameKernels.resizedCrop(frames, 2, 3, 4, new PixelRegion(1, 0, 2, 2), 3, 3);
    assertThat(out).containsExactly(
        1, 1, 2, 1, 1, 2, 5, 5, 6,
        13, 13, 14, 13, 13, 14, 17, 17, 18);
    // down-scaling the whole 3x4 frame to 2x2: rows floor(0 * 1.5), floor(1 * 1.5) = 0, 1; columns 0, 2
    float[] single = new float[12];
    for (int i = 0; i < 12; i++) {
      single[i] = i;
    }
    assertThat(FrameKernels.resizedCrop(single, 1, 3, 4, new PixelRegion(0, 0, 4, 3), 2, 2)).containsExactly(0, 2, 4, 6);
    assertThat(frames[5]).isEqualTo(5f);
  }

  @Test
  void mirrorOfAFewPixels() {
    float[] even = {1, 2, 3, 4, 10, 20, 30, 40};
    assertThat(FrameKernels.mirror(even, 1, 2, 4, GeometryKernels.Side.LEFT)).containsExactly(1, 2, 2, 1, 10, 20, 20, 10);
    assertThat(FrameKernels.mirror(even, 2, 1, 4, GeometryKernels.Side.RIGHT)).containsExactly(4, 3, 3, 4, 40, 30, 30, 40);
    float[] odd = {1, 2, 3, 4, 5};
    assertThat(FrameKernels.mirror(odd, 1, 1, 5, GeometryKernels.Side.LEFT)).containsExactly(1, 2, 3, 2, 1);
    assertThat(FrameKernels.mirror(odd, 1, 1, 5, GeometryKernels.Side.RIGHT)).containsExactly(5, 4, 3, 4, 5);
    assertThat(even).containsExactly(1, 2, 3, 4, 10, 20, 30, 40);
  }

  @Test
  void mirrorEqualsSpikingFersHalfCopyOnEvenWidths() {
    // frames[..., W//2:] = hflip(frames[..., :W//2]) (left kept), and the reverse
    float[] frames = randomFrames(7, 3 * 5 * 8);
    float[] left = FrameKernels.mirror(frames, 3, 5, 8, GeometryKernels.Side.LEFT);
    float[] right = FrameKernels.mirror(frames, 3, 5, 8, GeometryKernels.Side.RIGHT);
    for (int row = 0; row < 15; row++) {
      for (int x = 0; x < 8; x++) {
        int source = x < 4 ? x : 7 - x;
        assertThat(left[row * 8 + x]).isEqualTo(frames[row * 8 + source]);
        int sourceRight = x >= 4 ? x : 7 - x;
        assertThat(right[row * 8 + x]).isEqualTo(frames[row * 8 + sourceRight]);
      }
    }
  }

  @Test
  void fusedCropAndMirrorEqualsMirrorOfCrop() {
    float[] frames = randomFrames(3, 4 * 20 * 30);
    PixelRegion box = new PixelRegion(5, 3, 17, 11);
    for (GeometryKernels.Side side : GeometryKernels.Side.values()) {
      float[] cropped = FrameKernels.resizedCrop(frames, 4, 20, 30, box, 13, 9);
      assertThat(FrameKernels.resizedCrop(frames, 4, 20, 30, box, 13, 9, side)).containsExactly(FrameKernels.mirror(cropped, 4, 9, 13, side));
    }
  }

  @Test
  void cropBoxFallbackIsTorchvisionsCentreCrop() {
    // scale 1 with aspect 2 never fits a 10x10 frame: fallback w = 10, h = round(10 / 2) = 5, top (10 - 5) // 2
    assertThat(new FrameAugmentations.RandomResizedCrop(4, 4, 1, 1, 2, 2).box(10, 10, 1)).isEqualTo(new PixelRegion(0, 2, 10, 5));
    // aspect 0.5: h = 10, w = round(10 * 0.5) = 5
    assertThat(new FrameAugmentations.RandomResizedCrop(4, 4, 1, 1, 0.5, 0.5).box(10, 10, 1)).isEqualTo(new PixelRegion(2, 0, 5, 10));
    // Python's round(2.5) = 2 (half to even): h = 2, top = 4 (Math.round would give 3 and top 3)
    assertThat(new FrameAugmentations.RandomResizedCrop(4, 4, 1, 1, 4, 4).box(10, 10, 1)).isEqualTo(new PixelRegion(0, 4, 10, 2));
    // aspect range containing W / H = 2: the whole frame (from an attempt with aspect near 2, or the fallback)
    assertThat(new FrameAugmentations.RandomResizedCrop(4, 4, 1, 1, 1.5, 3).box(20, 10, 1)).isEqualTo(new PixelRegion(0, 0, 20, 10));
    // W / H = 2 below the range [2.5, 3]: w = 20, h = round(20 / 2.5) = 8, top = 1
    assertThat(new FrameAugmentations.RandomResizedCrop(4, 4, 1, 1, 2.5, 3).box(20, 10, 1)).isEqualTo(new PixelRegion(0, 1, 20, 8));
  }

  @Test
  void cropBoxWholeFrameWhenScaleAndAspectAreOne() {
    assertThat(new FrameAugmentations.RandomResizedCrop(4, 4, 1, 1, 1, 1).box(10, 10, 99)).isEqualTo(new PixelRegion(0, 0, 10, 10));
  }

  @Test
  void cropBoxesFollowTorchvisionsDistribution() {
    FrameAugmentations.RandomResizedCrop crop = FrameAugmentations.RandomResizedCrop.defaults(128);
    int sameAsEventCrop = 0;
    int fallbacks = 0;
    Set<PixelRegion> boxes = new HashSet<>();
    double sumScale = 0;
    int seeds = 2000;
    for (long seed = 0; seed < seeds; seed++) {
      PixelRegion box = crop.box(200, 200, seed);
      assertThat(box).isEqualTo(crop.box(200, 200, seed));
      assertThat(box.x() + box.width()).isLessThanOrEqualTo(200);
      assertThat(box.y() + box.height()).isLessThanOrEqualTo(200);
      boxes.add(box);
      if (box.equals(new PixelRegion(0, 0, 200, 200))) {
        fallbacks++;
      } else {
        // a successful attempt: area within the scale range and aspect within the ratio range, up to rounding
        double area = (double) box.width() * box.height() / 40000;
        assertThat(area).isBetween(0.08 * 0.95, 1.0);
        double aspect = (double) box.width() / box.height();
        assertThat(aspect).isBetween(0.75 * 0.95, 4.0 / 3 * 1.05);
        sumScale += area;
      }
      sameAsEventCrop += box.equals(Augmentations.Crop.defaults().box(new SensorGeometry(200, 200), seed)) ? 1 : 0;
    }
    assertThat(boxes.size()).isGreaterThan(seeds * 9 / 10);
    // mean of U[0.08, 1) is 0.54; large draws with extreme aspects fail and are redrawn, so slightly less
    assertThat(sumScale / (seeds - fallbacks)).isBetween(0.45, 0.56);
    // the event-domain box of the same seed differs only by half-up rounding and float32 draws
    assertThat(sameAsEventCrop).isGreaterThan(seeds * 95 / 100);
  }

  @Test
  void mirrorSideIsDrawnLikeTheEventMirror() {
    FrameAugmentations.FaceMirror mirror = new FrameAugmentations.FaceMirror(Augmentations.MirrorSide.RANDOM);
    int left = 0;
    for (long seed = 0; seed < 1000; seed++) {
      GeometryKernels.Side side = mirror.chosenSide(seed);
      assertThat(side).isEqualTo(new SplittableRandom(seed).nextBoolean() ? GeometryKernels.Side.LEFT : GeometryKernels.Side.RIGHT);
      left += side == GeometryKernels.Side.LEFT ? 1 : 0;
    }
    assertThat(left).isBetween(430, 570);
    assertThat(new FrameAugmentations.FaceMirror(Augmentations.MirrorSide.RIGHT).chosenSide(5)).isEqualTo(GeometryKernels.Side.RIGHT);
  }

  @Test
  void applyIsDeterministicAndUsesTheSeed() {
    float[] frames = randomFrames(11, 2 * 50 * 40);
    FrameAugmentations.RandomResizedCrop crop = FrameAugmentations.RandomResizedCrop.defaults(16);
    float[] copy = frames.clone();
    assertThat(crop.apply(frames, 2, 50, 40, 4)).containsExactly(crop.apply(frames, 2, 50, 40, 4)).hasSize(2 * 16 * 16);
    Set<Integer> distinct = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      distinct.add(java.util.Arrays.hashCode(crop.apply(frames, 2, 50, 40, seed)));
    }
    assertThat(distinct.size()).isGreaterThan(15);
    assertThat(frames).containsExactly(copy);
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThatThrownBy(() -> new FrameAugmentations.RandomResizedCrop(0, 4, 0.08, 1, 0.75, 1.33)).hasMessage("Invalid crop output size: 0x4");
    assertThatThrownBy(() -> new FrameAugmentations.RandomResizedCrop(4, 4, 0, 1, 0.75, 1.33))
        .hasMessage("Invalid crop scale: [0.0, 1.0] (expected 0 < min <= max <= 1)");
    assertThatThrownBy(() -> new FrameAugmentations.RandomResizedCrop(4, 4, 0.1, 1, 2, 1)).hasMessage("Invalid crop aspect ratio: [2.0, 1.0]");
    assertThatThrownBy(() -> FrameKernels.nearestIndices(0, 3)).hasMessage("Invalid resize: 0 -> 3");
    assertThatThrownBy(() -> FrameKernels.mirror(new float[5], 1, 2, 3, GeometryKernels.Side.LEFT))
        .hasMessage("Invalid frame shape: 1x2x3 for 5 values");
    assertThatThrownBy(() -> FrameKernels.resizedCrop(new float[12], 1, 3, 4, new PixelRegion(2, 0, 3, 3), 2, 2))
        .hasMessage("Invalid crop box: " + new PixelRegion(2, 0, 3, 3) + " (outside the frame 4x3)");
    assertThatThrownBy(() -> CropDomain.parse("pixels")).hasMessage("Invalid crop domain: pixels (expected events, frames or frames-binned)");
    assertThat(CropDomain.parse(" Frames ")).isEqualTo(CropDomain.FRAMES);
  }

  private static float[] randomFrames(long seed, int length) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] frames = new float[length];
    for (int i = 0; i < length; i++) {
      frames[i] = random.nextInt(100);
    }
    return frames;
  }
}
