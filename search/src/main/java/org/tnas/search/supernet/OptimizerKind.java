package org.tnas.search.supernet;

/** The optimiser used to update the sampled path's weights. */
public enum OptimizerKind {
  /** Adam (beta1 = {@link SupernetConfig#momentum()}, beta2 = 0.999, epsilon 1e-8), per-element step counts. */
  ADAM,
  /** Stochastic gradient descent with optional (heavy-ball) momentum. */
  SGD
}
