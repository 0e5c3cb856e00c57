package org.tnas.search.training;

import ai.djl.ndarray.NDArray;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.metrics.ClassificationMetrics;
import org.tnas.formats.fs.HadoopFiles;


/**
 * The per-epoch checkpoint of a {@link Trainer} on any Hadoop file system: the model description
 * and the recipe's fingerprint (a resume with another model or recipe is refused), the epoch
 * records so far, the best epoch with its validation confusion matrix, the weights and buffers, the
 * optimiser state with its learning rate, and the best epoch's weights. A CRC-32 trailer detects
 * damage. Written to a temporary file and renamed, so a killed run leaves the previous checkpoint.
 */
final class TrainingCheckpoint {
  private static final String MAGIC = "TNAS-TRAINING-CHECKPOINT-1";

  /** Everything a checkpoint holds. */
  record State(String model, String fingerprint, List<EpochRecord> records, int bestEpoch, ClassificationMetrics bestMetrics,
      double learningRate, ModelSnapshot weights, Map<String, float[]> optimizer, ModelSnapshot best) {}

  private TrainingCheckpoint() {}

  static void save(Path path, Configuration conf, State state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(MAGIC);
      out.writeUTF(state.model());
      out.writeUTF(state.fingerprint());
      out.writeInt(state.records().size());
      for (EpochRecord r : state.records()) {
        out.writeInt(r.epoch());
        out.writeDouble(r.learningRate());
        out.writeDouble(r.trainingLoss());
        out.writeDouble(r.trainingAccuracy());
        out.writeDouble(r.validationLoss());
        out.writeDouble(r.validationWar());
        out.writeDouble(r.validationUar());
        out.writeLong(r.samples());
        out.writeDouble(r.seconds());
      }
      out.writeInt(state.bestEpoch());
      long[][] confusion = state.bestMetrics().confusion();
      out.writeInt(confusion.length);
      for (long[] row : confusion) {
        for (long count : row) {
          out.writeLong(count);
        }
      }
      out.writeDouble(state.learningRate());
      writeArrays(out, state.weights().values());
      writeArrays(out, state.optimizer());
      writeArrays(out, state.best().values());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise checkpoint: " + e.getMessage(), e);
    }
    byte[] body = bytes.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(body);
    byte[] file = new byte[body.length + 8];
    System.arraycopy(body, 0, file, 0, body.length);
    long value = crc.getValue();
    for (int i = 0; i < 8; i++) {
      file[body.length + i] = (byte) (value >>> (56 - 8 * i));
    }
    HadoopFiles.writeAtomically(path, conf, file);
  }

  static boolean exists(Path path, Configuration conf) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      return fs.exists(path);
    } catch (IOException e) {
      throw new ProjectException(TrainingErrorCode.CHECKPOINT_IO, "Cannot read checkpoint: " + path + ": " + e.getMessage(), e);
    }
  }

  static State load(Path path, Configuration conf) {
    byte[] file = HadoopFiles.read(path, conf);
    if (file.length < 8) {
      throw invalid(path, "truncated (" + file.length + " bytes)");
    }
    CRC32 crc = new CRC32();
    crc.update(file, 0, file.length - 8);
    long stored = 0;
    for (int i = 0; i < 8; i++) {
      stored = (stored << 8) | (file[file.length - 8 + i] & 0xFF);
    }
    if (stored != crc.getValue()) {
      throw invalid(path, "checksum " + Long.toHexString(crc.getValue()) + " != stored " + Long.toHexString(stored));
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 0, file.length - 8))) {
      String magic = in.readUTF();
      if (!magic.equals(MAGIC)) {
        throw invalid(path, "not a training checkpoint (" + magic + ")");
      }
      String model = in.readUTF();
      String fingerprint = in.readUTF();
      int count = in.readInt();
      List<EpochRecord> records = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        records.add(new EpochRecord(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
            in.readDouble(), in.readDouble(), in.readLong(), in.readDouble()));
      }
      int bestEpoch = in.readInt();
      int classes = in.readInt();
      long[][] confusion = new long[classes][classes];
      for (long[] row : confusion) {
        for (int j = 0; j < classes; j++) {
          row[j] = in.readLong();
        }
      }
      double rate = in.readDouble();
      ModelSnapshot weights = new ModelSnapshot(readArrays(in));
      Map<String, float[]> optimizer = readArrays(in);
      ModelSnapshot best = new ModelSnapshot(readArrays(in));
      return new State(model, fingerprint, records, bestEpoch, new ClassificationMetrics(confusion), rate, weights, optimizer, best);
    } catch (IOException e) {
      throw invalid(path, e.getMessage());
    }
  }

  static Map<String, float[]> optimizerState(SgdMomentum optimizer) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> entry : optimizer.state().entrySet()) {
      values.put(entry.getKey(), entry.getValue().toFloatArray());
    }
    return values;
  }

  static void restoreOptimizer(SgdMomentum optimizer, Map<String, float[]> values, double rate, Path path) {
    if (!optimizer.state().keySet().equals(values.keySet())) {
      throw invalid(path, "optimizer state of other parameters");
    }
    for (Map.Entry<String, NDArray> entry : optimizer.state().entrySet()) {
      NativeCopies.copyInto(entry.getValue(), values.get(entry.getKey()));
    }
    optimizer.restoreLearningRate(rate);
  }

  private static void writeArrays(DataOutputStream out, Map<String, float[]> arrays) throws IOException {
    out.writeInt(arrays.size());
    for (Map.Entry<String, float[]> entry : arrays.entrySet()) {
      out.writeUTF(entry.getKey());
      float[] values = entry.getValue();
      out.writeInt(values.length);
      for (float v : values) {
        out.writeFloat(v);
      }
    }
  }

  private static Map<String, float[]> readArrays(DataInputStream in) throws IOException {
    int count = in.readInt();
    Map<String, float[]> arrays = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      float[] values = new float[in.readInt()];
      for (int j = 0; j < values.length; j++) {
        values[j] = in.readFloat();
      }
      arrays.put(name, values);
    }
    return arrays;
  }

  private static ProjectException invalid(Path path, String reason) {
    return new ProjectException(TrainingErrorCode.CORRUPT_CHECKPOINT, "Invalid checkpoint " + path + ": " + reason);
  }
}
