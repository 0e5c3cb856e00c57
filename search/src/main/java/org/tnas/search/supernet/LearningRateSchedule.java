package org.tnas.search.supernet;

/**
 * How the learning rate changes over a training run's optimiser steps (supernet training and
 * subnet retraining, SEARCH.md section 4).
 */
public enum LearningRateSchedule {
  /** The base rate at every step. */
  CONSTANT,
  /**
   * Cosine annealing without restarts: {@code base * (1 + cos(pi * step / total)) / 2}, from the
   * base rate at step 0 towards 0 at the last step.
   */
  COSINE;

  /**
   * The rate of step {@code step} (0-based) of a run of {@code totalSteps} steps.
   *
   * @throws IllegalArgumentException when {@code step} is negative or {@code totalSteps} is below 1
   */
  public double rate(double base, long step, long totalSteps) {
    if (step < 0) {
      throw new IllegalArgumentException("Invalid step: " + step);
    }
    if (totalSteps < 1) {
      throw new IllegalArgumentException("Invalid totalSteps: " + totalSteps);
    }
    if (this == CONSTANT) {
      return base;
    }
    double progress = Math.min(1.0, (double) step / totalSteps);
    return base * (1 + Math.cos(Math.PI * progress)) / 2;
  }

  /** Parses {@code constant} or {@code cosine} (any case). */
  public static LearningRateSchedule parse(String value) {
    for (LearningRateSchedule schedule : values()) {
      if (schedule.name().equalsIgnoreCase(value.strip())) {
        return schedule;
      }
    }
    throw new IllegalArgumentException("Invalid learning-rate schedule: " + value + " (expected constant or cosine)");
  }

  /** The name as written in settings ({@code constant}). */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
