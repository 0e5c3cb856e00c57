package org.tnas.pipelines.datasets;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Lists the clips of one dataset layout (see docs/datasets.md). Implementations are immutable,
 * thread-safe, hold only their options, and run on the driver: {@link #scan} lists and reads small
 * label/metadata files through the Hadoop {@code FileSystem} of the root (local, HDFS, S3A...),
 * never the frames or videos themselves.
 *
 * <p>Contract of {@link #scan}: every candidate input under the root (what is a candidate is
 * defined per layout in docs/datasets.md; names starting with {@code .} or {@code _} are hidden and
 * never candidates) ends up either as a {@link ClipSpec} or as a {@link Rejected} with its reason;
 * one bad clip never fails the scan. A root that does not have the layout at all (e.g. no {@code
 * cohn-kanade-images} folder) throws {@link org.tnas.formats.errors.ProjectException} with {@link
 * DatasetErrorCode#INVALID_ROOT}; an I/O failure of the file system throws {@link
 * java.io.UncheckedIOException}.
 */
public interface DatasetAdapter {
  /** The registry name ({@code ckplus}, {@code oulu}, {@code adfes}, {@code mmi}, {@code see}, {@code generic}). */
  String name();

  /**
   * The class names, in label-index order: the 6 Spiking-FER classes (happy, fear, surprise,
   * anger, disgust, sadness) for the face datasets, SEE's 7 classes for SEE. For the generic layout
   * without configured classes this is empty and the classes are discovered by {@link #scan}
   * (sorted label names; see {@link Scan#classNames()}).
   */
  List<String> classNames();

  /** Lists every candidate input under {@code root}; see the interface contract. */
  Scan scan(Path root, Configuration conf);
}
