package org.tnas.search.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.space.SearchErrorCode;

/**
 * A trained feed-forward ReLU network in plain Java: the input shape and an ordered list of
 * {@link Layer}s ending with a {@link LinearLayer} that produces the logits. This is the hand-off
 * format between the DJL trainer ({@code org.tnas.search.supernet}) and the TTFS mapper ({@code
 * org.tnas.search.ttfs}); it has no DJL dependency.
 *
 * <p>The constructor validates every layer against the shape produced by the previous one, so an
 * instance always describes a runnable network. Immutable, thread-safe and {@link Serializable}
 * (Java serialisation, for Spark); {@link #toBytes()}/{@link #fromBytes(byte[])} give a compact,
 * versioned binary form with a CRC-32 trailer:
 *
 * <pre>
 * int magic 0x544E4E57 ("TNNW"), int version 1, int C, int H, int W, int layerCount,
 * per layer: byte tag (1 conv, 2 batch norm, 3 relu, 4 max-pool, 5 global average pool,
 *   6 flatten, 7 linear) then its fields (ints, float arrays as int length + floats,
 *   batch-norm epsilon as double), all big-endian;
 * int CRC-32 of every preceding byte.
 * </pre>
 */
public record NetworkWeights(int inputChannels, int inputHeight, int inputWidth, List<Layer> layers)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAGIC = 0x544E4E57;
  private static final int VERSION = 1;

  /**
   * @throws ProjectException {@link SearchErrorCode#INVALID_NETWORK}, message {@code "Invalid
   *     network: layer <i> (<layer>): ..."} when a layer does not fit the shape before it or the
   *     last layer is not linear
   */
  public NetworkWeights {
    Objects.requireNonNull(layers, "layers is null");
    layers = List.copyOf(layers);
    if (inputChannels < 1 || inputHeight < 1 || inputWidth < 1) {
      throw new ProjectException(SearchErrorCode.INVALID_NETWORK,
          "Invalid network: input shape " + inputChannels + "x" + inputHeight + "x" + inputWidth);
    }
    if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LinearLayer)) {
      throw new ProjectException(SearchErrorCode.INVALID_NETWORK,
          "Invalid network: the last layer must be a linear layer producing the logits, got " + layers);
    }
    shapes(TensorShape.spatial(inputChannels, inputHeight, inputWidth), layers);
  }

  private static List<TensorShape> shapes(TensorShape input, List<Layer> layers) {
    List<TensorShape> shapes = new ArrayList<>();
    TensorShape shape = input;
    for (int i = 0; i < layers.size(); i++) {
      try {
        shape = layers.get(i).outputShape(shape);
      } catch (IllegalArgumentException e) {
        throw new ProjectException(SearchErrorCode.INVALID_NETWORK,
            "Invalid network: layer " + i + " (" + layers.get(i).describe() + "): " + e.getMessage(), e);
      }
      shapes.add(shape);
    }
    return shapes;
  }

  /** The input shape {@code C x H x W}. */
  public TensorShape inputShape() {
    return TensorShape.spatial(inputChannels, inputHeight, inputWidth);
  }

  /** The output shape of each layer, index-aligned with {@link #layers()}. */
  public List<TensorShape> outputShapes() {
    return shapes(inputShape(), layers);
  }

  /** Number of logits (classes). */
  public int outputSize() {
    return ((LinearLayer) layers.get(layers.size() - 1)).outFeatures();
  }

  /**
   * Dense multiply-accumulates of one forward pass (TTFS.md section 2): per convolution {@code
   * k*k*in*out*Hout*Wout}, per linear layer {@code in*out}. Batch norm, pooling and ReLU are not
   * counted.
   */
  public long macs() {
    long total = 0;
    List<TensorShape> shapes = outputShapes();
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof ConvLayer c) {
        total += (long) c.kernel() * c.kernel() * c.inChannels() * c.outChannels() * shapes.get(i).height()
            * shapes.get(i).width();
      } else if (layers.get(i) instanceof LinearLayer l) {
        total += (long) l.inFeatures() * l.outFeatures();
      }
    }
    return total;
  }

  /** Number of stored weight values (weights, biases and batch-norm arrays incl. running statistics). */
  public long storedValues() {
    long total = 0;
    for (Layer layer : layers) {
      if (layer instanceof ConvLayer c) {
        total += (long) c.outChannels() * c.inChannels() * c.kernel() * c.kernel() + c.outChannels();
      } else if (layer instanceof LinearLayer l) {
        total += (long) l.inFeatures() * l.outFeatures() + l.outFeatures();
      } else if (layer instanceof BatchNormLayer b) {
        total += 4L * b.channels();
      }
    }
    return total;
  }

  /** The binary form described in the class comment. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writeTo(bytes);
    return bytes.toByteArray();
  }

  /** Writes the binary form to {@code output} (not closed). */
  public void writeTo(OutputStream output) {
    Objects.requireNonNull(output, "output is null");
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(body);
      data.writeInt(MAGIC);
      data.writeInt(VERSION);
      data.writeInt(inputChannels);
      data.writeInt(inputHeight);
      data.writeInt(inputWidth);
      data.writeInt(layers.size());
      for (Layer layer : layers) {
        writeLayer(data, layer);
      }
      data.flush();
      CRC32 crc = new CRC32();
      crc.update(body.toByteArray());
      data.writeInt((int) crc.getValue());
      data.flush();
      body.writeTo(output);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write network: " + e.getMessage(), e);
    }
  }

  private static void writeLayer(DataOutputStream data, Layer layer) throws IOException {
    if (layer instanceof ConvLayer c) {
      data.writeByte(1);
      data.writeInt(c.inChannels());
      data.writeInt(c.outChannels());
      data.writeInt(c.kernel());
      data.writeInt(c.stride());
      data.writeInt(c.padding());
      writeFloats(data, c.weights());
      writeFloats(data, c.bias());
    } else if (layer instanceof BatchNormLayer b) {
      data.writeByte(2);
      writeFloats(data, b.gamma());
      writeFloats(data, b.beta());
      writeFloats(data, b.runningMean());
      writeFloats(data, b.runningVariance());
      data.writeDouble(b.epsilon());
    } else if (layer instanceof ReluLayer) {
      data.writeByte(3);
    } else if (layer instanceof MaxPoolLayer m) {
      data.writeByte(4);
      data.writeInt(m.size());
      data.writeInt(m.stride());
    } else if (layer instanceof GlobalAveragePoolLayer) {
      data.writeByte(5);
    } else if (layer instanceof FlattenLayer) {
      data.writeByte(6);
    } else if (layer instanceof LinearLayer l) {
      data.writeByte(7);
      data.writeInt(l.inFeatures());
      data.writeInt(l.outFeatures());
      writeFloats(data, l.weights());
      writeFloats(data, l.bias());
    } else {
      throw new IllegalStateException("Cannot write layer: " + layer);
    }
  }

  private static void writeFloats(DataOutputStream data, float[] values) throws IOException {
    data.writeInt(values.length);
    for (float value : values) {
      data.writeFloat(value);
    }
  }

  /**
   * Reads the binary form.
   *
   * @throws ProjectException {@link SearchErrorCode#CORRUPT_NETWORK_DATA} ("Invalid network bytes:
   *     ...") for bad magic, version, checksum, truncation or inconsistent layers
   */
  public static NetworkWeights fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes is null");
    if (bytes.length < 8) {
      throw corrupt("only " + bytes.length + " bytes", null);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = ((bytes[bytes.length - 4] & 0xFF) << 24) | ((bytes[bytes.length - 3] & 0xFF) << 16)
        | ((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF);
    try (DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
      int magic = data.readInt();
      if (magic != MAGIC) {
        throw corrupt(String.format("magic 0x%08X, expected 0x%08X", magic, MAGIC), null);
      }
      if (stored != (int) crc.getValue()) {
        throw corrupt(String.format("checksum 0x%08X, computed 0x%08X", stored, (int) crc.getValue()), null);
      }
      int version = data.readInt();
      if (version != VERSION) {
        throw corrupt("version " + version + ", expected " + VERSION, null);
      }
      int channels = data.readInt();
      int height = data.readInt();
      int width = data.readInt();
      int count = data.readInt();
      if (count < 1 || count > 100_000) {
        throw corrupt("layer count " + count, null);
      }
      List<Layer> layers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        layers.add(readLayer(data, i));
      }
      if (data.available() != 0) {
        throw corrupt(data.available() + " unexpected trailing bytes", null);
      }
      try {
        return new NetworkWeights(channels, height, width, layers);
      } catch (ProjectException e) {
        throw corrupt(e.getMessage(), e);
      }
    } catch (EOFException e) {
      throw corrupt("truncated", e);
    } catch (IOException e) {
      throw corrupt(e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw corrupt(e.getMessage(), e);
    }
  }

  /** Reads all remaining bytes of {@code input} (not closed) and parses them with {@link #fromBytes}. */
  public static NetworkWeights readFrom(InputStream input) {
    Objects.requireNonNull(input, "input is null");
    try {
      return fromBytes(input.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read network: " + e.getMessage(), e);
    }
  }

  private static Layer readLayer(DataInputStream data, int index) throws IOException {
    int tag = data.readByte();
    return switch (tag) {
      case 1 -> new ConvLayer(data.readInt(), data.readInt(), data.readInt(), data.readInt(), data.readInt(),
          readFloats(data), readFloats(data));
      case 2 -> new BatchNormLayer(readFloats(data), readFloats(data), readFloats(data), readFloats(data), data.readDouble());
      case 3 -> new ReluLayer();
      case 4 -> new MaxPoolLayer(data.readInt(), data.readInt());
      case 5 -> new GlobalAveragePoolLayer();
      case 6 -> new FlattenLayer();
      case 7 -> new LinearLayer(data.readInt(), data.readInt(), readFloats(data), readFloats(data));
      default -> throw new IllegalArgumentException("layer " + index + " has unknown tag " + tag);
    };
  }

  private static float[] readFloats(DataInputStream data) throws IOException {
    int length = data.readInt();
    if (length < 0 || length > data.available() / 4) {
      throw new EOFException("array length " + length);
    }
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = data.readFloat();
    }
    return values;
  }

  private static ProjectException corrupt(String problem, Throwable cause) {
    return new ProjectException(SearchErrorCode.CORRUPT_NETWORK_DATA, "Invalid network bytes: " + problem, cause);
  }
}
