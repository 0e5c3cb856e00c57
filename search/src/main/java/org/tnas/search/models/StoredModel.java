package org.tnas.search.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import java.util.Objects;
import org.tnas.search.training.TrainableModel;

/**
 * The part of a {@link TrainableModel} whose arrays live in a {@link ParameterStore}: the store's
 * manager, parameters and buffers, attaching them to a pass's scope as the {@code forward} contract
 * asks, and closing the store. Subclasses add the architecture.
 */
abstract class StoredModel implements TrainableModel {
  /** The model's named arrays. */
  protected final ParameterStore store;

  StoredModel(ParameterStore store) {
    this.store = Objects.requireNonNull(store, "store is null");
  }

  @Override
  public NDManager manager() {
    return store.manager();
  }

  @Override
  public Map<String, NDArray> parameters() {
    return store.parameters();
  }

  @Override
  public Map<String, NDArray> buffers() {
    return store.buffers();
  }

  /** Attaches every parameter and buffer temporarily to {@code scope} (see {@link NDArray#tempAttach}). */
  protected void attach(NDManager scope) {
    for (NDArray array : store.parameters().values()) {
      if (array.getManager() != scope) {
        array.tempAttach(scope);
      }
    }
    for (NDArray array : store.buffers().values()) {
      if (array.getManager() != scope) {
        array.tempAttach(scope);
      }
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
