package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.GradientRecording;

/**
 * Saves and loads supernet checkpoints on any Hadoop file system ({@code file://}, {@code hdfs://},
 * object stores). A checkpoint holds a header with the {@link SearchSpace} (Java-serialised, plus
 * the SHA-256 of its text form), the initialisation seed and the training progress, every parameter
 * (weights and batch-norm statistics) and, when saved from a trainer, the optimiser state, so
 * training can resume exactly. Writing goes to a temporary file in the same directory that is then
 * renamed over the target, so readers never see a half-written checkpoint.
 *
 * <pre>
 * int magic 0x544E5350 ("TNSP"), int version 1,
 * int n + n bytes: the serialised SearchSpace, UTF space hash,
 * long seed, int epochs completed, long steps completed, UTF optimizer ("" = none),
 * int array count, per array: UTF name, int rank, rank x long dims, int n, n floats,
 * int CRC-32 of every preceding byte (big-endian throughout)
 * </pre>
 *
 * <p>Stateless and thread-safe (the supernet itself is not).
 */
public final class SupernetCheckpoint {
  private static final int MAGIC = 0x544E5350;
  private static final int VERSION = 1;
  private static final String OPTIMIZER_PREFIX = "optimizer/";

  private SupernetCheckpoint() {}

  /** The SHA-256 (hex) of the space's text form: a stable identity of a search space. */
  public static String spaceHash(SearchSpace space) {
    return org.tnas.formats.util.Digests.sha256Hex(space.toString());
  }

  /** Saves the supernet's parameters (no optimiser state, no progress). */
  public static void save(Supernet supernet, Path path, Configuration conf) {
    Objects.requireNonNull(supernet, "supernet is null");
    write(supernet, null, path, conf);
  }

  /** Saves the trainer's supernet, optimiser state and progress. */
  public static void save(SupernetTrainer trainer, Path path, Configuration conf) {
    Objects.requireNonNull(trainer, "trainer is null");
    write(trainer.supernet(), trainer, path, conf);
  }

  private static void write(Supernet supernet, SupernetTrainer trainer, Path path, Configuration conf) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    byte[] bytes = encode(supernet, trainer);
    Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp-" + UUID.randomUUID());
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (OutputStream output = fs.create(temporary, false)) {
        output.write(bytes);
      }
      if (fs.exists(path) && !fs.delete(path, false)) {
        throw new IOException("cannot replace existing " + path);
      }
      if (!fs.rename(temporary, path)) {
        throw new IOException("rename of " + temporary + " to " + path + " failed");
      }
    } catch (IOException e) {
      try {
        temporary.getFileSystem(conf).delete(temporary, false);
      } catch (IOException ignored) {
        // best effort cleanup; the original failure is reported
      }
      throw new ProjectException(SupernetErrorCode.CHECKPOINT_IO,
          "Cannot write checkpoint: " + path + ": " + e.getMessage(), e);
    }
  }

  static byte[] encode(Supernet supernet, SupernetTrainer trainer) {
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(body);
      data.writeInt(MAGIC);
      data.writeInt(VERSION);
      ByteArrayOutputStream spaceBytes = new ByteArrayOutputStream();
      try (ObjectOutputStream objects = new ObjectOutputStream(spaceBytes)) {
        objects.writeObject(supernet.space());
      }
      data.writeInt(spaceBytes.size());
      data.write(spaceBytes.toByteArray());
      data.writeUTF(spaceHash(supernet.space()));
      data.writeLong(supernet.seed());
      data.writeInt(trainer == null ? 0 : trainer.epochsCompleted());
      data.writeLong(trainer == null ? 0 : trainer.stepsCompleted());
      data.writeUTF(trainer == null ? "" : trainer.config().optimizer().name());
      Map<String, NDArray> arrays = new LinkedHashMap<>();
      for (Map.Entry<String, Parameter> entry : supernet.namedParameters().entrySet()) {
        arrays.put(entry.getKey(), entry.getValue().getArray());
      }
      if (trainer != null) {
        for (Map.Entry<String, NDArray> entry : trainer.optimizer().state().entrySet()) {
          arrays.put(OPTIMIZER_PREFIX + entry.getKey(), entry.getValue());
        }
      }
      data.writeInt(arrays.size());
      for (Map.Entry<String, NDArray> entry : arrays.entrySet()) {
        data.writeUTF(entry.getKey());
        long[] shape = entry.getValue().getShape().getShape();
        data.writeInt(shape.length);
        for (long dimension : shape) {
          data.writeLong(dimension);
        }
        float[] values = entry.getValue().toFloatArray();
        data.writeInt(values.length);
        for (float value : values) {
          data.writeFloat(value);
        }
      }
      data.flush();
      CRC32 crc = new CRC32();
      crc.update(body.toByteArray());
      data.writeInt((int) crc.getValue());
      data.flush();
      return body.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode checkpoint in memory: " + e.getMessage(), e);
    }
  }

  /** The search space stored in a checkpoint's header. */
  public static SearchSpace readSpace(Path path, Configuration conf) {
    return read(path, conf).space;
  }

  /**
   * Creates a supernet from a checkpoint (parameters only; optimiser state is ignored).
   *
   * @param expected the space the caller works with
   * @throws ProjectException {@link SupernetErrorCode#INCOMPATIBLE_CHECKPOINT} "Cannot load
   *     checkpoint: search space differs: ..." naming every differing field, {@link
   *     SupernetErrorCode#CORRUPT_CHECKPOINT} for damaged files, {@link
   *     SupernetErrorCode#CHECKPOINT_IO} when the file cannot be read
   */
  public static Supernet load(Path path, Configuration conf, SearchSpace expected, NDManager parent) {
    Objects.requireNonNull(expected, "expected is null");
    Objects.requireNonNull(parent, "parent is null");
    Contents contents = read(path, conf);
    checkSpace(path, expected, contents.space);
    Supernet supernet = Supernet.create(contents.space, parent, contents.seed);
    try {
      copyParameters(path, contents, supernet);
      return supernet;
    } catch (RuntimeException e) {
      supernet.close();
      throw e;
    }
  }

  /**
   * Restores parameters, optimiser state and progress into {@code trainer} (to resume training).
   *
   * @throws ProjectException INCOMPATIBLE_CHECKPOINT when the space or the optimiser differ
   */
  public static void restore(SupernetTrainer trainer, Path path, Configuration conf) {
    Objects.requireNonNull(trainer, "trainer is null");
    Contents contents = read(path, conf);
    checkSpace(path, trainer.supernet().space(), contents.space);
    String optimizer = trainer.config().optimizer().name();
    if (!contents.optimizer.isEmpty() && !contents.optimizer.equals(optimizer)) {
      throw new ProjectException(SupernetErrorCode.INCOMPATIBLE_CHECKPOINT, "Cannot restore checkpoint " + path
          + ": optimizer differs: expected " + optimizer + ", found " + contents.optimizer);
    }
    copyParameters(path, contents, trainer.supernet());
    for (Map.Entry<String, NDArray> entry : trainer.optimizer().state().entrySet()) {
      float[] values = contents.arrays.get(OPTIMIZER_PREFIX + entry.getKey());
      if (values != null) {
        copy(path, OPTIMIZER_PREFIX + entry.getKey(), contents, entry.getValue());
      }
    }
    trainer.restoreProgress(contents.epochs, contents.steps);
  }

  private static void copyParameters(Path path, Contents contents, Supernet supernet) {
    for (Map.Entry<String, Parameter> entry : supernet.namedParameters().entrySet()) {
      if (!contents.arrays.containsKey(entry.getKey())) {
        throw new ProjectException(SupernetErrorCode.INCOMPATIBLE_CHECKPOINT,
            "Cannot load checkpoint " + path + ": parameter " + entry.getKey() + " is missing");
      }
      copy(path, entry.getKey(), contents, entry.getValue().getArray());
    }
  }

  private static void copy(Path path, String name, Contents contents, NDArray target) {
    long[] expected = target.getShape().getShape();
    long[] found = contents.shapes.get(name);
    if (!java.util.Arrays.equals(expected, found)) {
      throw new ProjectException(SupernetErrorCode.INCOMPATIBLE_CHECKPOINT, "Cannot load checkpoint " + path
          + ": parameter " + name + " shape differs: expected " + java.util.Arrays.toString(expected) + ", found "
          + java.util.Arrays.toString(found));
    }
    GradientRecording.stop();
    target.set(contents.arrays.get(name));
  }

  private static void checkSpace(Path path, SearchSpace expected, SearchSpace found) {
    // budgets constrain which subnets a search may pick, not the supernet's weights
    expected = withoutBudgets(expected);
    found = withoutBudgets(found);
    if (expected.equals(found)) {
      return;
    }
    List<String> differences = new ArrayList<>();
    for (RecordComponent component : SearchSpace.class.getRecordComponents()) {
      try {
        Object a = component.getAccessor().invoke(expected);
        Object b = component.getAccessor().invoke(found);
        if (!Objects.equals(a, b)) {
          differences.add(component.getName() + " expected " + a + ", found " + b);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Cannot compare search spaces: " + e.getMessage(), e);
      }
    }
    throw new ProjectException(SupernetErrorCode.INCOMPATIBLE_CHECKPOINT, "Cannot load checkpoint: search space differs: "
        + String.join("; ", differences) + " (expected space " + spaceHash(expected).substring(0, 12) + ", checkpoint "
        + path + " has " + spaceHash(found).substring(0, 12) + ")");
  }

  /** {@code space} without parameter, MAC and SynOps budgets: the part that determines the supernet. */
  public static SearchSpace withoutBudgets(SearchSpace space) {
    return space.withBudgets(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  private static final class Contents {
    SearchSpace space;
    long seed;
    int epochs;
    long steps;
    String optimizer;
    final Map<String, long[]> shapes = new LinkedHashMap<>();
    final Map<String, float[]> arrays = new LinkedHashMap<>();
  }

  private static Contents read(Path path, Configuration conf) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    byte[] bytes;
    try (InputStream input = path.getFileSystem(conf).open(path)) {
      bytes = input.readAllBytes();
    } catch (IOException e) {
      throw new ProjectException(SupernetErrorCode.CHECKPOINT_IO,
          "Cannot read checkpoint: " + path + ": " + e.getMessage(), e);
    }
    return decode(path, bytes);
  }

  static Contents decode(Path path, byte[] bytes) {
    if (bytes.length < 12) {
      throw corrupt(path, "only " + bytes.length + " bytes");
    }
    try (DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
      int magic = data.readInt();
      if (magic != MAGIC) {
        throw corrupt(path, String.format("magic 0x%08X, expected 0x%08X", magic, MAGIC));
      }
      CRC32 crc = new CRC32();
      crc.update(bytes, 0, bytes.length - 4);
      int stored = ByteArrayBigEndian.intAt(bytes, bytes.length - 4);
      if (stored != (int) crc.getValue()) {
        throw corrupt(path, String.format("checksum 0x%08X, computed 0x%08X", stored, (int) crc.getValue()));
      }
      int version = data.readInt();
      if (version != VERSION) {
        throw corrupt(path, "version " + version + ", expected " + VERSION);
      }
      Contents contents = new Contents();
      byte[] spaceBytes = new byte[data.readInt()];
      data.readFully(spaceBytes);
      try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(spaceBytes))) {
        objects.setObjectInputFilter(ObjectInputFilter.Config.createFilter(
            "org.tnas.search.space.*;java.util.*;java.lang.*;!*"));
        contents.space = (SearchSpace) objects.readObject();
      } catch (ClassNotFoundException | ClassCastException e) {
        throw corrupt(path, "unreadable search space: " + e.getMessage());
      }
      data.readUTF();
      contents.seed = data.readLong();
      contents.epochs = data.readInt();
      contents.steps = data.readLong();
      contents.optimizer = data.readUTF();
      int count = data.readInt();
      for (int i = 0; i < count; i++) {
        String name = data.readUTF();
        long[] shape = new long[data.readInt()];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = data.readLong();
        }
        int length = data.readInt();
        if (length < 0 || length > data.available() / 4) {
          throw new EOFException("array " + name + " length " + length);
        }
        float[] values = new float[length];
        for (int v = 0; v < length; v++) {
          values[v] = data.readFloat();
        }
        contents.shapes.put(name, shape);
        contents.arrays.put(name, values);
      }
      return contents;
    } catch (EOFException e) {
      throw corrupt(path, "truncated (" + e.getMessage() + ")");
    } catch (IOException | IllegalArgumentException e) {
      throw corrupt(path, e.getMessage());
    }
  }

  private static ProjectException corrupt(Path path, String problem) {
    return new ProjectException(SupernetErrorCode.CORRUPT_CHECKPOINT, "Invalid checkpoint " + path + ": " + problem);
  }

  private static final class ByteArrayBigEndian {
    static int intAt(byte[] bytes, int offset) {
      return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16) | ((bytes[offset + 2] & 0xFF) << 8)
          | (bytes[offset + 3] & 0xFF);
    }
  }
}
