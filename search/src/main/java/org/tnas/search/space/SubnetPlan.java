package org.tnas.search.space;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The concrete layer shapes of the subnet a genome selects in a search space: the active blocks,
 * then the head (global average pooling or flatten, then linear layers with ReLU between them, the
 * last one producing the class logits). Immutable and serialisable; the supernet and the TTFS
 * mapping build their layers from it so that both agree on shapes.
 *
 * @param headInputFeatures features entering the first linear layer (channels for global average
 *     pooling, channels*height*width for flatten)
 * @param linearWidths output sizes of the linear layers in order; the last one is the class count
 */
public record SubnetPlan(
    int inputChannels,
    int inputHeight,
    int inputWidth,
    List<BlockPlan> blocks,
    HeadKind headKind,
    int headInputFeatures,
    List<Integer> linearWidths)
    implements Serializable {

  public SubnetPlan {
    blocks = List.copyOf(Objects.requireNonNull(blocks, "blocks is null"));
    Objects.requireNonNull(headKind, "headKind is null");
    linearWidths = List.copyOf(Objects.requireNonNull(linearWidths, "linearWidths is null"));
    if (linearWidths.isEmpty()) {
      throw new IllegalArgumentException("Invalid linearWidths: " + linearWidths);
    }
  }

  /** Number of classes (output size of the last linear layer). */
  public int classCount() {
    return linearWidths.get(linearWidths.size() - 1);
  }

  /** Input and output sizes of each linear layer, as {@code {in, out}} pairs. */
  public List<int[]> linearShapes() {
    List<int[]> shapes = new ArrayList<>();
    int in = headInputFeatures;
    for (int out : linearWidths) {
      shapes.add(new int[] {in, out});
      in = out;
    }
    return shapes;
  }

  /**
   * Trainable parameters of the subnet: per block {@code k*k*in*out + 2*out} (convolution without
   * bias, batch-norm gamma and beta), per linear layer {@code in*out + out} (with bias).
   */
  public long parameters() {
    long total = 0;
    for (BlockPlan block : blocks) {
      total += block.parameters();
    }
    for (int[] shape : linearShapes()) {
      total += (long) shape[0] * shape[1] + shape[1];
    }
    return total;
  }

  /**
   * Dense multiply-accumulates of the ReLU twin (TTFS.md section 2): convolutions
   * {@code k*k*in*out*Hout*Wout} plus linear layers {@code in*out}. Batch norm (fused), ReLU,
   * pooling and bias additions are not counted.
   */
  public long macs() {
    long total = 0;
    for (BlockPlan block : blocks) {
      total += block.macs();
    }
    for (int[] shape : linearShapes()) {
      total += (long) shape[0] * shape[1];
    }
    return total;
  }

  /** MACs of the first layer (first block's convolution): the analog-input share of SNN energy. */
  public long firstLayerMacs() {
    return blocks.isEmpty() ? (long) linearShapes().get(0)[0] * linearShapes().get(0)[1] : blocks.get(0).macs();
  }
}
