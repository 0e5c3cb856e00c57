package org.tnas.udfs.core;

import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * Events known to satisfy {@link EventChecks} for their sensor geometry: every event on the
 * sensor, polarity 0 or 1, timestamps non-negative and never decreasing.
 *
 * <p>Only the checks create one: {@link EventChecks#validate} outside this package; inside it, the
 * kernels wrap their own results, which are valid by construction (under {@code -ea}, as in every
 * test run, that claim is checked too). Kernels and {@link BuiltInAugmentation}s that receive a
 * {@code ValidEvents} therefore skip their input check, so a pipeline of built-in steps checks its
 * input once. This replaces a {@code boolean validated} flag passed along every call: the type
 * says what the flag claimed, and nobody can set it by mistake.
 *
 * <p>Immutable as far as this class goes; the arrays of the batch are shared with whoever made it
 * and must be treated as read-only (see the package documentation on aliasing).
 */
public final class ValidEvents {
  private final EventBatch events;
  private final SensorGeometry geometry;

  /** Called only by {@link EventChecks}. */
  ValidEvents(EventBatch events, SensorGeometry geometry) {
    this.events = events;
    this.geometry = geometry;
  }

  /** The events. */
  public EventBatch events() {
    return events;
  }

  /** The sensor geometry the events were checked against. */
  public SensorGeometry geometry() {
    return geometry;
  }

  /** Number of events. */
  public int size() {
    return events.size();
  }
}
