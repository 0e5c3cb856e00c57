package org.tnas.search.run;

import java.io.Serializable;

/**
 * Per-generation statistics of a run (the fitness chart): candidates evaluated and valid, best and
 * median scalar fitness of this generation's valid candidates, best fitness of everything so far,
 * and the generation's wall time (the only non-deterministic field). Immutable, serialisable.
 */
public record GenerationSummary(int generation, int evaluated, int valid, double bestFitness, double medianFitness,
    double bestFitnessSoFar, double wallTimeSeconds) implements Serializable {}
