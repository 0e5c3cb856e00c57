package org.tnas.formats.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong clock = new AtomicLong(5 * SECOND);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private Progress progress(long total) {
    return new Progress("convert", "clips", total, new PrintStream(bytes, true, StandardCharsets.UTF_8), 1000, clock::get);
  }

  private String[] lines() {
    return bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
  }

  @Test
  void noRateAndNoEtaBeforeTheFirstUnitIsDone() {
    Progress progress = progress(400);
    clock.addAndGet(3 * SECOND);
    assertThat(progress.line()).isEqualTo("[convert] 0/400 clips (0.0%)  elapsed 3s");
    progress.advance(0);
    assertThat(lines()).containsExactly("[convert] 0/400 clips (0.0%)  elapsed 3s");
  }

  @Test
  void etaOnceTheRateIsKnownAndDoneAtTheEnd() {
    Progress progress = progress(400);
    clock.addAndGet(30 * SECOND);
    progress.advance(120);
    clock.addAndGet(70 * SECOND);
    progress.advance(280);
    progress.finish();
    assertThat(lines()).containsExactly(
        "[convert] 120/400 clips (30.0%)  4.0 clips/s  ETA 1m10s",
        "[convert] 400/400 clips (100.0%)  4.0 clips/s  elapsed 1m40s",
        "[convert] 400/400 clips (100.0%)  4.0 clips/s  done in 1m40s");
  }

  @Test
  void endingShortOfTheTotalSaysStoppedNotDone() {
    Progress progress = progress(5);
    clock.addAndGet(8 * SECOND);
    progress.advance(4);
    progress.finish();
    assertThat(lines()[lines().length - 1]).isEqualTo("[convert] 4/5 clips (80.0%)  0.5 clips/s  stopped after 8s");
  }

  @Test
  void withoutATotalTheLastLineSaysDone() {
    Progress progress = progress(0);
    clock.addAndGet(2 * SECOND);
    progress.advance(50);
    progress.finish();
    assertThat(lines()[lines().length - 1]).isEqualTo("[convert] 50 clips  25.0 clips/s  done in 2s");
  }
}
