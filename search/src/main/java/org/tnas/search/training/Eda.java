package org.tnas.search.training;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.Augmentations;

/**
 * Spiking-FER's event data augmentations (section 4 of SPIKING_FER.md) with the study's
 * probabilities. {@link #pipeline} builds the {@code udfs.core} pipeline of a set, in the order of
 * the paper's transform: HFlip, Noise, Reverse, PolFlip, EventDrop, Crop, Mirror. The first five
 * constants are the study's common EDAs (bit i of a combination mask is {@code values()[i]}).
 * Crop and Mirror are the pipeline's last steps, so they can run on the events or, in Spiking-FER's
 * order, on the binned frames ({@code udfs.core.CropDomain}, {@code SpikingFerInput}).
 */
public enum Eda {
  /** Horizontal flip of the whole sample, p 0.5. */
  HFLIP,
  /** Background-activity noise, severity 5 (20 % of N uniform events), p 0.5. */
  NOISE,
  /** Time reversal with polarity inversion, p 0.2 (the study's). */
  REVERSE,
  /** Polarity flip of single events with probability 0.2 each. */
  POLFLIP,
  /** Random resized crop (scale 0.08-1, aspect 3/4-4/3), always; see {@link Augmentations.Crop}. */
  CROP,
  /** EventDrop (identity / by time / by area / random drop, uniformly), always. */
  EVENTDROP,
  /** Face mirror of a random half, p 0.5. */
  MIRROR;

  /** The five common EDAs of the study, in mask-bit order. */
  public static final List<Eda> COMMON = List.of(HFLIP, NOISE, REVERSE, POLFLIP, CROP);

  /** The lower-case name used in specs and tables. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The common EDAs of bit mask {@code mask} (0..31). */
  public static Set<Eda> fromMask(int mask) {
    if (mask < 0 || mask >= 1 << COMMON.size()) {
      throw new IllegalArgumentException("Invalid EDA mask: " + mask + " (expected 0..31)");
    }
    Set<Eda> set = EnumSet.noneOf(Eda.class);
    for (int i = 0; i < COMMON.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        set.add(COMMON.get(i));
      }
    }
    return set;
  }

  /** The mask of the common EDAs of {@code set}. */
  public static int mask(Set<Eda> set) {
    int mask = 0;
    for (int i = 0; i < COMMON.size(); i++) {
      if (set.contains(COMMON.get(i))) {
        mask |= 1 << i;
      }
    }
    return mask;
  }

  /** Parses {@code none} or names joined by {@code +} or {@code ,} (e.g. {@code hflip+crop}). */
  public static Set<Eda> parseSet(String text) {
    Objects.requireNonNull(text, "text is null");
    Set<Eda> set = EnumSet.noneOf(Eda.class);
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.isEmpty() || trimmed.equals("none")) {
      return set;
    }
    if (trimmed.equals("all")) {
      return EnumSet.allOf(Eda.class);
    }
    for (String part : trimmed.split("[+,]")) {
      try {
        set.add(Eda.valueOf(part.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid EDA: " + part.trim() + " (expected none, all or "
            + java.util.Arrays.stream(values()).map(Eda::label).collect(Collectors.joining(", ")) + ")", e);
      }
    }
    return set;
  }

  /** {@code none} or the labels of {@code set} in canonical order joined by {@code +}. */
  public static String format(Set<Eda> set) {
    if (set.isEmpty()) {
      return "none";
    }
    return EnumSet.copyOf(set).stream().map(Eda::label).collect(Collectors.joining("+"));
  }

  /** The augmentation pipeline of {@code set} (empty for the empty set). */
  public static AugmentationPipeline pipeline(Set<Eda> set) {
    List<AugmentationPipeline.Step> steps = new ArrayList<>();
    for (Eda eda : List.of(HFLIP, NOISE, REVERSE, POLFLIP, EVENTDROP, CROP, MIRROR)) {
      if (!set.contains(eda)) {
        continue;
      }
      steps.add(switch (eda) {
        case HFLIP -> new AugmentationPipeline.Step(new Augmentations.HorizontalFlip(), 0.5);
        case NOISE -> new AugmentationPipeline.Step(Augmentations.BackgroundNoise.severity(5), 0.5);
        case REVERSE -> new AugmentationPipeline.Step(new Augmentations.TimeReversal(true), 0.2);
        case POLFLIP -> new AugmentationPipeline.Step(new Augmentations.PolarityFlip(0.2), 1);
        case EVENTDROP -> new AugmentationPipeline.Step(Augmentations.EventDrop.defaults(), 1);
        case CROP -> new AugmentationPipeline.Step(Augmentations.Crop.defaults(), 1);
        case MIRROR -> new AugmentationPipeline.Step(new Augmentations.Mirror(Augmentations.MirrorSide.RANDOM), 0.5);
      });
    }
    return new AugmentationPipeline(steps);
  }
}
