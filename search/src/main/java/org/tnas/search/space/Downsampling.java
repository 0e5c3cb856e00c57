package org.tnas.search.space;

/**
 * How a searchable block reduces the spatial resolution. The block is always
 * {@code conv(k, stride) -> batch norm -> ReLU [-> 2x2 max-pool]}.
 */
public enum Downsampling {
  /** Stride 1, no pooling: the resolution is kept ("same" padding k/2). */
  NONE('N'),
  /** The convolution uses stride 2 (padding k/2): out = floor((in - 1) / 2) + 1. */
  STRIDE2('S'),
  /** Stride 1 convolution followed by a 2x2 max-pool of stride 2 after the ReLU: out = floor(in / 2). */
  MAXPOOL2('P');

  private final char code;

  Downsampling(char code) {
    this.code = code;
  }

  /** The one-letter code used in the canonical genome string. */
  public char code() {
    return code;
  }

  /** The convolution stride of this choice. */
  public int convolutionStride() {
    return this == STRIDE2 ? 2 : 1;
  }

  /** Whether a 2x2, stride 2 max-pool follows the ReLU. */
  public boolean usesMaxPool() {
    return this == MAXPOOL2;
  }

  /** The choice with the given one-letter code. */
  public static Downsampling fromCode(char code) {
    for (Downsampling d : values()) {
      if (d.code == code) {
        return d;
      }
    }
    throw new IllegalArgumentException("Invalid downsampling code: " + code);
  }
}
