package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates only the region of each parameter that the sampled path used (SPOS: weights and optimiser
 * state outside the path stay untouched). Adam keeps a per-element step count so bias correction is
 * right for weights that are used in few steps. State arrays live in a sub-manager of the supernet's
 * manager and are exposed by name for checkpoints. Not thread-safe.
 */
final class PathOptimizer implements AutoCloseable {
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final SupernetConfig config;
  private final NDManager stateManager;
  private final Map<String, NDArray> state = new LinkedHashMap<>();

  /** Creates the (zero) state of every trainable parameter of {@code supernet} up front. */
  PathOptimizer(SupernetConfig config, Supernet supernet) {
    this.config = config;
    this.stateManager = supernet.manager().newSubManager();
    stateManager.setName("optimizer");
    for (ai.djl.nn.Parameter parameter : supernet.namedParameters().values()) {
      if (parameter.requiresGradient()) {
        for (String suffix : stateNames()) {
          stateArray(parameter.getName() + suffix, parameter.getArray());
        }
      }
    }
  }

  private List<String> stateNames() {
    if (config.optimizer() == OptimizerKind.ADAM) {
      return List.of(".adam.m", ".adam.v", ".adam.t");
    }
    return config.momentum() > 0 ? List.of(".sgd.velocity") : List.of();
  }

  /** State arrays by name ({@code <parameter>.adam.m}, {@code .adam.v}, {@code .adam.t}, {@code .sgd.velocity}). */
  Map<String, NDArray> state() {
    return state;
  }

  /** Creates (zero) or returns the state array {@code name} shaped like {@code like}. */
  NDArray stateArray(String name, NDArray like) {
    return state.computeIfAbsent(name, key -> {
      NDArray array = stateManager.zeros(like.getShape(), like.getDataType());
      array.setName(key);
      return array;
    });
  }

  /**
   * Applies one update with learning rate {@code rate} to {@code weight[region]} from {@code
   * gradient[region]}. All temporaries are created in {@code scope}; must run with gradient
   * recording off.
   */
  void update(String name, NDArray weight, NDArray gradient, NDIndex region, float rate, NDManager scope) {
    NDArray g = gradient.get(region);
    NDArray p = weight.get(region);
    if (config.weightDecay() > 0) {
      g = g.add(p.mul(config.weightDecay()));
    }
    if (config.optimizer() == OptimizerKind.ADAM) {
      NDArray m = attached(stateArray(name + ".adam.m", weight), scope);
      NDArray v = attached(stateArray(name + ".adam.v", weight), scope);
      NDArray t = attached(stateArray(name + ".adam.t", weight), scope);
      double beta1 = config.momentum();
      NDArray mr = m.get(region).mul(beta1).add(g.mul(1 - beta1));
      NDArray vr = v.get(region).mul(BETA2).add(g.square().mul(1 - BETA2));
      NDArray tr = t.get(region).add(1);
      // bias corrections 1 - beta^t, element-wise because elements are updated in different steps
      NDArray correction1 = tr.mul(Math.log(beta1 > 0 ? beta1 : Double.MIN_NORMAL)).exp().neg().add(1);
      NDArray correction2 = tr.mul(Math.log(BETA2)).exp().neg().add(1);
      NDArray step = mr.div(correction1).div(vr.div(correction2).sqrt().add(EPSILON)).mul(rate);
      weight.set(region, p.sub(step));
      m.set(region, mr);
      v.set(region, vr);
      t.set(region, tr);
    } else {
      if (config.momentum() > 0) {
        NDArray velocity = attached(stateArray(name + ".sgd.velocity", weight), scope);
        g = velocity.get(region).mul(config.momentum()).add(g);
        velocity.set(region, g);
      }
      weight.set(region, p.sub(g.mul(rate)));
    }
  }

  private static NDArray attached(NDArray array, NDManager scope) {
    if (array.getManager() != scope) {
      array.tempAttach(scope);
    }
    return array;
  }

  @Override
  public void close() {
    stateManager.close();
  }
}
