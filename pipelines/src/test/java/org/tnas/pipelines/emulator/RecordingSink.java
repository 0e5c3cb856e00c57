package org.tnas.pipelines.emulator;

import java.util.Arrays;

/** Test sink keeping v2e's float32 timestamps (a hand-written fake, not a mock). */
final class RecordingSink implements EventSink {
  float[] t = new float[1024];
  short[] x = new short[1024];
  short[] y = new short[1024];
  byte[] p = new byte[1024];
  int size;

  @Override
  public void accept(int ex, int ey, float timeSeconds, int polarity) {
    if (size == t.length) {
      int capacity = 2 * size;
      t = Arrays.copyOf(t, capacity);
      x = Arrays.copyOf(x, capacity);
      y = Arrays.copyOf(y, capacity);
      p = Arrays.copyOf(p, capacity);
    }
    t[size] = timeSeconds;
    x[size] = (short) ex;
    y[size] = (short) ey;
    p[size] = (byte) polarity;
    size++;
  }

  long countOn() {
    long on = 0;
    for (int i = 0; i < size; i++) {
      on += p[i];
    }
    return on;
  }
}
