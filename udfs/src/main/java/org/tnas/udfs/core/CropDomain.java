package org.tnas.udfs.core;

import java.util.Locale;
import java.util.Objects;

/**
 * Where the Crop and Mirror augmentations of an input path run: Spiking-FER's ({@link
 * SpikingFerInput}) or that of a {@link FrameRepresentation} ({@link FrameInput}).
 */
public enum CropDomain {
  /**
   * On the events, before binning ({@link Augmentations.Crop} replicates events, {@link
   * Augmentations.Mirror} doubles half of them); the event slices are then counted over the cropped
   * and mirrored events. This project's original order and the default.
   */
  EVENTS,
  /**
   * On the binary frame tensor after binning, Spiking-FER's own order (its DVSTransform: bin,
   * binarise, RandomResizedCrop, FaceMirror): {@link FrameAugmentations.RandomResizedCrop} and
   * {@link FrameAugmentations.FaceMirror}.
   */
  FRAMES,
  /**
   * As {@link #FRAMES}, but a firing crop is not resized from the sensor-size frames by NEAREST
   * (torchvision's rule, one sensor pixel per frame pixel): the events of its box are binned
   * directly at the output size with the binning's own rescale ({@link Frames#toFrames}: shrinking
   * sums, so for binary frames ORs, the sensor pixels of a frame pixel, as every validation input is
   * made; growing repeats pixels). Same box, same firing decisions and mirror as {@link #FRAMES}.
   */
  FRAMES_BINNED;

  /** The lower-case name used in settings: {@code events}, {@code frames}, {@code frames-binned}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** True when Crop and Mirror run on the frames ({@link #FRAMES} or {@link #FRAMES_BINNED}). */
  public boolean onFrames() {
    return this != EVENTS;
  }

  /**
   * Checks that {@code pipeline} can run in this domain: always in {@link #EVENTS}; on the frames
   * its Crop and Mirror steps (at most one of each) must be its last steps.
   *
   * @throws IllegalArgumentException "Invalid crop domain: frames (...)" naming the misplaced or repeated step
   */
  public void requireOrder(AugmentationPipeline pipeline) {
    Objects.requireNonNull(pipeline, "pipeline is null");
    if (onFrames()) {
      FrameSteps.start(pipeline);
    }
  }

  /** Parses {@code events}, {@code frames} or {@code frames-binned} (case-insensitive, surrounding blanks ignored). */
  public static CropDomain parse(String text) {
    Objects.requireNonNull(text, "text is null");
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "events" -> EVENTS;
      case "frames" -> FRAMES;
      case "frames-binned" -> FRAMES_BINNED;
      default -> throw new IllegalArgumentException("Invalid crop domain: " + text + " (expected events, frames or frames-binned)");
    };
  }
}
