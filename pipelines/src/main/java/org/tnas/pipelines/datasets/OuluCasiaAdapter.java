package org.tnas.pipelines.datasets;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;

/**
 * Oulu-CASIA NIR&amp;VIS: image sequences {@code <part>/P<nnn>/<Expression>/NNN.jpeg}, where the
 * part is {@code <VL|NI>/<Strong|Weak|Dark>} (default {@code VL/Strong}, the benchmark's visible
 * light, strong illumination part) and the expression folder is one of Anger, Disgust, Fear,
 * Happiness, Sadness, Surprise (case-insensitive). Recorded at 25 fps.
 *
 * <p>Ids: the benchmark's CASIADVS folds number the subjects {@code S001..S080} and, per subject,
 * the sequences {@code 001..006} in the alphabetical order of the six expression folders (all 478
 * rows of the published folds file follow label pattern 001 anger, 002 disgust, 003 fear, 004
 * happy, 005 sadness, 006 surprise). So {@code P001/Anger} gets clip id {@code S001/001}; the
 * original names stay in the attributes {@code oulu_subject} and {@code oulu_expression}.
 *
 * <p>Candidates: every visible entry of each {@code P<nnn>} folder, and every visible entry of the
 * part folder that is not a subject folder. Immutable and thread-safe.
 */
public final class OuluCasiaAdapter implements DatasetAdapter {
  /** Registry name. */
  public static final String NAME = "oulu";
  /** The option naming the part folder. */
  public static final String PART_OPTION = "part";
  /** The default part: visible light, strong illumination. */
  public static final String PART_DEFAULT = "VL/Strong";
  /** Oulu-CASIA's expression folder names (lower case), in the benchmark's sequence-number order. */
  public static final List<String> EXPRESSIONS = List.of("anger", "disgust", "fear", "happiness", "sadness", "surprise");
  /** The camera's frame rate. */
  public static final double FRAMES_PER_SECOND = 25;
  private static final Pattern SUBJECT = Pattern.compile("[Pp]([0-9]+)");

  private final String part;

  /** The default part {@value #PART_DEFAULT}. */
  public OuluCasiaAdapter() {
    this(PART_DEFAULT);
  }

  /** @param part the part folder under the root, e.g. {@code NI/Dark} */
  public OuluCasiaAdapter(String part) {
    Objects.requireNonNull(part, "part is null");
    if (part.isBlank() || part.startsWith("/") || part.contains("..")) {
      throw new ProjectException(DatasetErrorCode.INVALID_DATASET,
          "Invalid Oulu-CASIA part: '" + part + "' (expected a relative folder such as VL/Strong)");
    }
    this.part = part;
  }

  /** The part folder scanned. */
  public String part() {
    return part;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> classNames() {
    return DatasetAdapters.SPIKING_FER_CLASSES;
  }

  @Override
  public Scan scan(Path root, Configuration conf) {
    FileSystem fs = CkPlusAdapter.fileSystem(root, conf);
    Path partDir = new Path(root, part);
    if (!LayoutFiles.isDirectory(fs, partDir)) {
      throw new ProjectException(DatasetErrorCode.INVALID_ROOT, "Invalid Oulu-CASIA root " + root + ": no " + part
          + " folder (expected " + part + "/P001/Anger/000.jpeg ...)");
    }
    LayoutFiles.Collector out = new LayoutFiles.Collector(NAME);
    for (FileStatus subject : LayoutFiles.children(fs, partDir)) {
      String subjectName = subject.getPath().getName();
      Matcher matcher = SUBJECT.matcher(subjectName);
      if (!subject.isDirectory() || !matcher.matches()) {
        out.reject(subject.getPath().toString(), subject.isDirectory() ? DatasetErrorCode.INVALID_NAME
            : DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + subject.getPath()
            + ": not a subject folder (expected " + part + "/P<number>/<Expression>/)");
        continue;
      }
      String benchmarkSubject = String.format(Locale.ROOT, "S%03d", Integer.parseInt(matcher.group(1)));
      for (FileStatus expression : LayoutFiles.children(fs, subject.getPath())) {
        String uri = expression.getPath().toString();
        String word = expression.getPath().getName();
        if (!expression.isDirectory()) {
          out.reject(uri, DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + uri
              + ": not an expression folder (expected " + part + "/P<number>/<Expression>/)");
          continue;
        }
        int position = EXPRESSIONS.indexOf(word.toLowerCase(Locale.ROOT));
        if (position < 0) {
          out.reject(uri, DatasetErrorCode.INVALID_LABEL, "Invalid expression: '" + word + "' (known: Anger, Disgust, "
              + "Fear, Happiness, Sadness, Surprise)");
          continue;
        }
        List<String> frames = LayoutFiles.frames(fs, expression.getPath());
        if (frames.isEmpty()) {
          out.reject(uri, DatasetErrorCode.EMPTY_SEQUENCE, "Invalid sequence " + uri + ": no frame image (expected "
              + LayoutFiles.known(LayoutFiles.FRAME_EXTENSIONS) + ")");
          continue;
        }
        String label = DatasetAdapters.toSpikingFerClass(EXPRESSIONS.get(position));
        String sequence = String.format(Locale.ROOT, "%03d", position + 1);
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("oulu_subject", subjectName);
        attributes.put("oulu_expression", word);
        attributes.put("part", part);
        out.accept(new ClipSpec(benchmarkSubject + "/" + sequence, NAME, benchmarkSubject, sequence,
            DatasetAdapters.SPIKING_FER_CLASSES.indexOf(label), label, SourceKind.IMAGE_SEQUENCE, uri, frames,
            FRAMES_PER_SECOND, attributes, ""));
      }
    }
    return out.build(classNames());
  }
}
