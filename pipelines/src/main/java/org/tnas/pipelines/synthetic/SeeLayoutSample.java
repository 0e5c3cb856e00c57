package org.tnas.pipelines.synthetic;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.tnas.formats.util.Seeds;

/**
 * The synthetic eye sample written in SEE's layout (../shared/docs/DATASETS.md), so that {@code
 * tnas convert --layout see} and SEE's test protocol can be run end to end without the licensed
 * dataset: {@code <out>/emotion.json}, {@code <out>/event/<emotion>/<sequence>/00000.png ...}
 * (accumulated event frames: gray 128 background, 255 where the log intensity rose by more than
 * {@value #THRESHOLD}, 0 where it fell) and {@code <out>/frame/<emotion>/<sequence>/...} (the gray
 * frames). Sequence names follow SEE's scheme {@code
 * <seq#>_<ID>_<sex>_<age>_<degree>_<lighting>_<emotion>_<length>_<take#>}.
 *
 * <p>Per class {@code perClass} sequences ({@link SyntheticClips#eye} at 64 x 48); sequence {@code
 * i} has a length drawn from {@code [minFrames, maxFrames]} (seeded), the lighting {@code
 * normal, Overexposed, Low, HDR} cycling with {@code i}, applied to the gray frames before the
 * events are made (overexposed: gain 1.8 and +40, saturating at 255, so bright regions lose their
 * events; low: gain 0.35 and extra sensor noise; HDR: contrast compressed towards mid gray), the
 * subject {@code i % 10}, and every third sequence ({@code i % 3 == 2}) in the testing subset (SEE
 * splits by take). Deterministic for a seed. Not a substitute for SEE: the motion is the
 * generator's, the lighting a gain model.
 *
 * <p>Usage: {@code SeeLayoutSample <output dir> [sequences per class (default 40)] [seed (default
 * 1)] [min frames (default 18)] [max frames (default 60)]}.
 */
public final class SeeLayoutSample {
  /** Log-intensity change of an event pixel. */
  public static final double THRESHOLD = 0.15;
  /** Frame size. */
  public static final int WIDTH = 64;
  public static final int HEIGHT = 48;
  /** SEE's lighting conditions as written in its sequence names. */
  public static final List<String> LIGHTINGS = List.of("normal", "Overexposed", "Low", "HDR");

  private SeeLayoutSample() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 5) {
      System.err.println("usage: SeeLayoutSample <output dir> [sequences per class (default 40)] [seed (default 1)]"
          + " [min frames (default 18)] [max frames (default 60)]");
      System.exit(2);
    }
    int perClass = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
    int minFrames = args.length > 3 ? Integer.parseInt(args[3]) : 18;
    int maxFrames = args.length > 4 ? Integer.parseInt(args[4]) : 60;
    int written = write(Path.of(args[0]), perClass, seed, minFrames, maxFrames);
    System.out.printf(Locale.ROOT, "%d sequences in SEE's layout in %s%n", written, args[0]);
  }

  /**
   * Writes the sample; returns the number of sequences.
   *
   * @throws IllegalArgumentException "Invalid ..." for fewer than 1 sequence per class or a frame
   *     range outside 3..1000
   */
  public static int write(Path output, int perClass, long seed, int minFrames, int maxFrames) throws IOException {
    if (perClass < 1) {
      throw new IllegalArgumentException("Invalid sequences per class: " + perClass + " (expected at least 1)");
    }
    if (minFrames < 3 || maxFrames < minFrames || maxFrames > 1000) {
      throw new IllegalArgumentException("Invalid frame range: " + minFrames + ".." + maxFrames + " (expected 3 <= min <= max <= 1000)");
    }
    StringBuilder database = new StringBuilder();
    int sequence = 0;
    List<String> classes = SyntheticClips.EYE_CLASSES;
    for (int c = 0; c < classes.size(); c++) {
      String emotion = classes.get(c);
      for (int i = 0; i < perClass; i++) {
        sequence++;
        SplittableRandom random = Seeds.random(seed, Seeds.stableHash("see-layout"), c, i);
        int frames = minFrames + random.nextInt(maxFrames - minFrames + 1);
        String lighting = LIGHTINGS.get(i % LIGHTINGS.size());
        int subject = i % SyntheticClips.SUBJECTS;
        String name = String.format(Locale.ROOT, "%d_%03d_%s_24_Master_%s_%s_%d_take%03d", sequence, subject,
            subject % 2 == 0 ? "man" : "woman", lighting, emotion, frames - 1, i / SyntheticClips.SUBJECTS);
        boolean test = i % 3 == 2;
        FrameSequence clip = SyntheticClips.eye(c, i, seed, frames, WIDTH, HEIGHT);
        Path events = Files.createDirectories(output.resolve("event").resolve(emotion).resolve(name));
        Path grays = Files.createDirectories(output.resolve("frame").resolve(emotion).resolve(name));
        float[] previous = lit(clip.frames().get(0), lighting, random);
        for (int f = 1; f < frames; f++) {
          float[] current = lit(clip.frames().get(f), lighting, random);
          ImageIO.write(eventFrame(previous, current), "png", events.resolve(String.format(Locale.ROOT, "%05d.png", f - 1)).toFile());
          ImageIO.write(gray(current), "png", grays.resolve(String.format(Locale.ROOT, "%05d.png", f - 1)).toFile());
          previous = current;
        }
        database.append(database.length() == 0 ? "" : ",\n  ").append('"').append(name).append("\": {\"subset\": \"")
            .append(test ? "testing" : "training").append("\", \"annotations\": {\"label\": \"").append(emotion)
            .append("\", \"segment\": [0, ").append(frames - 2).append("]}}");
      }
    }
    StringBuilder labels = new StringBuilder();
    for (String name : classes) {
      labels.append(labels.length() == 0 ? "" : ", ").append('"').append(name).append('"');
    }
    Files.writeString(output.resolve("emotion.json"), "{\"labels\": [" + labels + "], \"database\": {\n  " + database
        + "}}\n", StandardCharsets.UTF_8);
    return sequence;
  }

  /** The gray frame under a lighting condition. */
  static float[] lit(float[] gray, String lighting, SplittableRandom random) {
    float[] out = new float[gray.length];
    for (int i = 0; i < gray.length; i++) {
      double v = gray[i];
      v = switch (lighting) {
        case "Overexposed" -> v * 1.8 + 40;
        case "Low" -> v * 0.35 + 4 * random.nextGaussian();
        case "HDR" -> 128 + (v - 128) * 0.6;
        default -> v;
      };
      out[i] = (float) Math.max(0, Math.min(255, v));
    }
    return out;
  }

  /** An accumulated event frame: 255 ON, 0 OFF, 128 no event. */
  static BufferedImage eventFrame(float[] previous, float[] current) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < current.length; i++) {
      double change = Math.log(current[i] + 1) - Math.log(previous[i] + 1);
      image.getRaster().setSample(i % WIDTH, i / WIDTH, 0, change > THRESHOLD ? 255 : change < -THRESHOLD ? 0 : 128);
    }
    return image;
  }

  private static BufferedImage gray(float[] frame) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < frame.length; i++) {
      image.getRaster().setSample(i % WIDTH, i / WIDTH, 0, Math.round(frame[i]));
    }
    return image;
  }
}
