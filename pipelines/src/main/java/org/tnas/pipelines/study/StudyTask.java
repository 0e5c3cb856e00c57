package org.tnas.pipelines.study;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.tnas.formats.util.Seeds;
import org.tnas.search.models.ModelSpec.ModelKind;
import org.tnas.search.training.Eda;

/**
 * One training run of the study: a phase ({@code common}: a subset of the five common EDAs;
 * {@code specific}: the best common subset plus EventDrop, or plus EventDrop and Mirror), the EDA
 * set, the fold and the model. Its seed derives from the study seed and its id only, so a run gives
 * the same score whichever task, executor or order runs it. Immutable, serialisable.
 */
public record StudyTask(String phase, Set<Eda> edas, int fold, ModelKind model) implements Serializable {
  private static final long serialVersionUID = 1L;

  public StudyTask {
    Objects.requireNonNull(phase, "phase is null");
    edas = Set.copyOf(Objects.requireNonNull(edas, "edas is null"));
    Objects.requireNonNull(model, "model is null");
  }

  /** A stable id, e.g. {@code common-hflip+crop-f3-snn}: the name of its result file. */
  public String id() {
    return phase + "-" + Eda.format(edas) + "-f" + fold + "-" + model.name().toLowerCase(Locale.ROOT);
  }

  /** The seed of the run. */
  public long seed(long studySeed) {
    return Seeds.derive(studySeed, id());
  }
}
