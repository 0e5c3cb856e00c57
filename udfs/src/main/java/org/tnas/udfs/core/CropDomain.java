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
  FRAMES;

  /** The lower-case name used in settings. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Checks that {@code pipeline} can run in this domain: always in {@link #EVENTS}; in {@link
   * #FRAMES} its Crop and Mirror steps (at most one of each) must be its last steps.
   *
   * @throws IllegalArgumentException "Invalid crop domain: frames (...)" naming the misplaced or repeated step
   */
  public void requireOrder(AugmentationPipeline pipeline) {
    Objects.requireNonNull(pipeline, "pipeline is null");
    if (this == FRAMES) {
      FrameSteps.start(pipeline);
    }
  }

  /** Parses {@code events} or {@code frames} (case-insensitive, surrounding blanks ignored). */
  public static CropDomain parse(String text) {
    Objects.requireNonNull(text, "text is null");
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "events" -> EVENTS;
      case "frames" -> FRAMES;
      default -> throw new IllegalArgumentException("Invalid crop domain: " + text + " (expected events or frames)");
    };
  }
}
