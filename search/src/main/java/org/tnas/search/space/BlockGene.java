package org.tnas.search.space;

import java.io.Serializable;
import java.util.Objects;

/**
 * The genes of one searchable block: convolution kernel size, output width (channels) and
 * downsampling. Immutable and serialisable. Only structural checks are done here (positive sizes,
 * odd kernel); membership in a {@link SearchSpace} is checked by {@link SearchSpace#validate}.
 */
public record BlockGene(int kernel, int width, Downsampling downsampling) implements Serializable {
  public BlockGene {
    Objects.requireNonNull(downsampling, "downsampling is null");
    if (kernel < 1 || kernel % 2 == 0) {
      throw new IllegalArgumentException("Invalid kernel: " + kernel + " (must be odd and positive)");
    }
    if (width < 1) {
      throw new IllegalArgumentException("Invalid width: " + width);
    }
  }

  /** The canonical compact form, e.g. {@code 5x32S}. */
  public String toCompactString() {
    return kernel + "x" + width + downsampling.code();
  }
}
