package org.tnas.formats.events;

/**
 * Width and height of an event sensor in pixels. Valid coordinates are {@code 0 <= x < width} and
 * {@code 0 <= y < height}. Immutable and serialisable.
 */
public record SensorGeometry(int width, int height) implements java.io.Serializable {
  /** The largest sensor side the schema can hold (x and y are int16). */
  public static final int MAX_SIDE = Short.MAX_VALUE + 1;

  public SensorGeometry {
    if (width <= 0 || width > MAX_SIDE) {
      throw new IllegalArgumentException("Invalid sensor width: " + width);
    }
    if (height <= 0 || height > MAX_SIDE) {
      throw new IllegalArgumentException("Invalid sensor height: " + height);
    }
  }

  /** Whether the pixel (x, y) lies on the sensor. */
  public boolean contains(int x, int y) {
    return x >= 0 && x < width && y >= 0 && y < height;
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
