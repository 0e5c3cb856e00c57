package org.tnas.search.training;

import org.tnas.search.data.LabelledTensorSet;

/**
 * Where the {@link Trainer} gets its data: the training set of each epoch (implementations may
 * augment it per epoch, seeded by the epoch index, so the same epoch always gives the same set) and
 * the fixed validation set.
 */
public interface TrainingData {
  /** The training samples of epoch {@code epoch} (0-based); must be a function of the epoch index. */
  LabelledTensorSet training(int epoch);

  /** The validation samples (the split whose best epoch is kept). */
  LabelledTensorSet validation();

  /** Fixed sets: the same training set every epoch. */
  static TrainingData fixed(LabelledTensorSet training, LabelledTensorSet validation) {
    return new TrainingData() {
      @Override
      public LabelledTensorSet training(int epoch) {
        return training;
      }

      @Override
      public LabelledTensorSet validation() {
        return validation;
      }
    };
  }
}
