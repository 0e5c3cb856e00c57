package org.tnas.udfs.core;

import org.tnas.formats.events.SensorGeometry;

/**
 * A rectangle of sensor pixels: columns {@code x .. x + width - 1}, rows {@code y .. y + height - 1}.
 * Immutable and serialisable.
 */
public record PixelRegion(int x, int y, int width, int height) implements java.io.Serializable {
  public PixelRegion {
    if (x < 0 || y < 0) {
      throw new IllegalArgumentException("Invalid region origin: " + x + "," + y);
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("Invalid region size: " + width + "x" + height);
    }
  }

  /** The whole sensor. */
  public static PixelRegion of(SensorGeometry geometry) {
    return new PixelRegion(0, 0, geometry.width(), geometry.height());
  }

  /**
   * The largest region of the given size centred on the sensor (clipped to the sensor when larger).
   */
  public static PixelRegion centred(SensorGeometry geometry, int width, int height) {
    int w = Math.min(width, geometry.width());
    int h = Math.min(height, geometry.height());
    return new PixelRegion((geometry.width() - w) / 2, (geometry.height() - h) / 2, w, h);
  }

  /**
   * Checks that the region lies on the sensor.
   *
   * @throws IllegalArgumentException "Invalid region: ..." when it does not
   */
  public void requireInside(SensorGeometry geometry) {
    if ((long) x + width > geometry.width() || (long) y + height > geometry.height()) {
      throw new IllegalArgumentException("Invalid region: " + this + " is not inside the sensor " + geometry);
    }
  }

  @Override
  public String toString() {
    return width + "x" + height + "+" + x + "+" + y;
  }
}
