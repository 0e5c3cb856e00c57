package org.tnas.search.training;

import ai.djl.ndarray.NDManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.models.ModelSpec;
import org.tnas.search.models.ModelSpec.ModelKind;
import org.tnas.search.models.ResNetModel;

/**
 * DJL-vs-PyTorch training step of the Spiking-FER models, side by side in one run: the same
 * architecture ({@link ResNetModel}; {@code bench/training_step.py} is the same network in
 * PyTorch), the same batch (seeded binary event frames and labels, written to files the Python side
 * reads), one thread each, SGD momentum 0.9 / weight decay 5e-4, cross-entropy. The DJL step is the
 * shared engine's ({@link Trainer}: input copy through the reused direct buffer, forward, loss,
 * backward, fused SGD kernel). Rounds alternate the two sides (DJL, then a Python process) so load
 * changes on a shared machine hit both; the medians over the rounds are printed with the ratio
 * PyTorch time / DJL time (above 1: DJL is faster). Python: {@code TNAS_PYTHON}, default
 * /usr/bin/python3 with Debian's python3-torch; it inherits this JVM's environment, so both sides
 * run under the same numerics settings (the portable pin of deploy/bin/tnas and the test plugins,
 * or native). Run from the repository root:
 *
 * <pre>
 * mvn -o -q -B -pl search test-compile
 * mvn -o -q -B -pl search dependency:build-classpath -Dmdep.outputFile=/tmp/search.cp
 * TNAS_NUMERICS=portable ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 MKL_CBWR=COMPATIBLE \
 * OMP_WAIT_POLICY=PASSIVE java -Dai.djl.offline=true \
 *     -cp "search/target/classes:search/target/test-classes:$(cat /tmp/search.cp)" \
 *     org.tnas.search.training.TrainingStepBenchmark [snn+ann] [width 0.25] [blocks 1] [T 6] [size 48] [batch 32] [steps 10] [rounds 3]
 * </pre>
 */
public final class TrainingStepBenchmark {
  private static final int CLASSES = 6;
  private static final int WARMUP = 3;

  private TrainingStepBenchmark() {}

  public static void main(String[] args) throws Exception {
    String models = args.length > 0 ? args[0] : "snn+ann";
    double width = args.length > 1 ? Double.parseDouble(args[1]) : 0.25;
    int blocks = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int steps = args.length > 3 ? Integer.parseInt(args[3]) : 6;
    int size = args.length > 4 ? Integer.parseInt(args[4]) : 48;
    int batch = args.length > 5 ? Integer.parseInt(args[5]) : 32;
    int measured = args.length > 6 ? Integer.parseInt(args[6]) : 10;
    int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 3;
    String python = System.getenv().getOrDefault("TNAS_PYTHON", "/usr/bin/python3");
    Path directory = Files.createTempDirectory("tnas-step-bench");
    Path script = directory.resolve("training_step.py");
    try (InputStream in = TrainingStepBenchmark.class.getResourceAsStream("/bench/training_step.py")) {
      if (in == null) {
        throw new IllegalStateException("Cannot find bench/training_step.py on the test class path");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    System.out.printf(Locale.ROOT, "numerics %s (ONEDNN_MAX_CPU_ISA=%s ATEN_CPU_CAPABILITY=%s), one thread each, batch %d, %d steps"
        + " per round after %d warm-up steps, %d rounds%n", System.getenv().getOrDefault("TNAS_NUMERICS", "(unset)"),
        System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "(unset)"), System.getenv().getOrDefault("ATEN_CPU_CAPABILITY", "(unset)"),
        batch, measured, WARMUP, rounds);
    DjlEngines.pytorch(1);
    for (String name : models.split("\\+")) {
      ModelSpec spec = new ModelSpec(ModelKind.parse(name), width, blocks, steps, size, CLASSES, 0.5);
      LabelledTensorSet data = batch(spec, batch, 5);
      Path inputs = directory.resolve(name + "-inputs.f32");
      Path labels = directory.resolve(name + "-labels.i64");
      write(data, inputs, labels);
      double[] djl = new double[rounds];
      double[] torch = new double[rounds];
      double[] djlForward = new double[rounds];
      double[] torchForward = new double[rounds];
      String torchVersion = "";
      try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME);
          ResNetModel model = new ResNetModel(spec, manager, 1);
          Trainer trainer = new Trainer(model, new TrainingConfig(1, batch, 0.01, 0.9, 5e-4, TrainingConfig.Schedule.CONSTANT, 1, 1),
              null, null, false, line -> { })) {
        trainer.optimizer().setLearningRate(0.01);
        for (int i = 0; i < WARMUP; i++) {
          trainer.trainEpoch(data, i);
        }
        for (int round = 0; round < rounds; round++) {
          long start = System.nanoTime();
          for (int i = 0; i < measured; i++) {
            trainer.trainEpoch(data, WARMUP + round * measured + i);
          }
          djl[round] = (System.nanoTime() - start) / 1e6 / measured;
          for (int i = 0; i < WARMUP; i++) {
            trainer.evaluate(data);
          }
          start = System.nanoTime();
          for (int i = 0; i < measured; i++) {
            trainer.evaluate(data);
          }
          djlForward[round] = (System.nanoTime() - start) / 1e6 / measured;
          String line = runPython(python, script, spec, batch, inputs, labels, measured);
          torch[round] = Double.parseDouble(line.replaceAll(".*step_ms=([0-9.]+).*", "$1"));
          torchForward[round] = Double.parseDouble(line.replaceAll(".*forward_ms=([0-9.]+).*", "$1"));
          torchVersion = line.replaceAll(".*torch=(\\S+).*", "$1");
          System.out.printf(Locale.ROOT, "  %s round %d: training step DJL %.1f ms, PyTorch %.1f ms; evaluation forward DJL %.1f ms,"
              + " PyTorch %.1f ms%n", spec.describe(), round + 1, djl[round], torch[round], djlForward[round], torchForward[round]);
        }
        double d = median(djl);
        double t = median(torch);
        double df = median(djlForward);
        double tf = median(torchForward);
        System.out.printf(Locale.ROOT, "%s (%d parameters), batch %d, PyTorch %s: training step DJL %.1f ms, PyTorch %.1f ms,"
            + " ratio PyTorch/DJL %.2fx; evaluation forward DJL %.1f ms, PyTorch %.1f ms, ratio %.2fx%n", spec.describe(),
            model.parameterCount(), batch, torchVersion, d, t, t / d, df, tf, tf / df);
      }
    }
  }

  /** One batch of seeded binary frames (about 10 % ones) with labels 0..classes-1 in turn. */
  static LabelledTensorSet batch(ModelSpec spec, int batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int channels = spec.inputChannels();
    int size = spec.inputSize();
    List<String> ids = new ArrayList<>();
    float[][] inputs = new float[batch][channels * size * size];
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      ids.add("sample-" + i);
      for (int j = 0; j < inputs[i].length; j++) {
        inputs[i][j] = random.nextDouble() < 0.1 ? 1f : 0f;
      }
      labels[i] = i % spec.classCount();
    }
    return new LabelledTensorSet(ids, inputs, labels, channels, size, size, spec.classCount());
  }

  private static void write(LabelledTensorSet data, Path inputs, Path labels) throws IOException {
    ByteBuffer x = ByteBuffer.allocate(data.size() * data.inputSize() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer y = ByteBuffer.allocate(data.size() * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < data.size(); i++) {
      for (float value : data.input(i)) {
        x.putFloat(value);
      }
      y.putLong(data.label(i));
    }
    Files.write(inputs, x.array());
    Files.write(labels, y.array());
  }

  private static String runPython(String python, Path script, ModelSpec spec, int batch, Path inputs, Path labels, int measured)
      throws IOException, InterruptedException {
    List<String> command = List.of(python, script.toString(), spec.kind().name().toLowerCase(Locale.ROOT),
        String.valueOf(spec.widthMultiplier()), String.valueOf(spec.blocksPerStage()), String.valueOf(spec.timeSteps()),
        String.valueOf(spec.inputSize()), String.valueOf(spec.classCount()), String.valueOf(batch), inputs.toString(),
        labels.toString(), String.valueOf(WARMUP), String.valueOf(measured), "1");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    String result = null;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        output.append(line).append('\n');
        if (line.startsWith("step_ms=")) {
          result = line;
        }
      }
    }
    int code = process.waitFor();
    if (code != 0 || result == null) {
      throw new IllegalStateException("Cannot run the PyTorch side (" + String.join(" ", command) + "): exit " + code + "\n" + output);
    }
    return result;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
