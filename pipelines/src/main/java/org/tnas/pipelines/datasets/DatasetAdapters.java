package org.tnas.pipelines.datasets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.samples.SampleRecord;

/**
 * The registry of dataset adapters, their class lists, and the conversion of a {@link ClipSpec} to
 * the {@link SampleRecord} stored next to its events. Stateless and thread-safe.
 *
 * <p>Options (strict: an unknown key fails): {@code oulu}: {@value OuluCasiaAdapter#PART_OPTION}
 * (default {@value OuluCasiaAdapter#PART_DEFAULT}); {@code adfes}: {@value
 * AdfesAdapter#SUBJECT_MAP_OPTION} (CSV {@code adfes_subject,benchmark_subject}); {@code see}:
 * {@value SeeAdapter#SOURCE_OPTION} ({@code event} or {@code frame}), {@value
 * SeeAdapter#ANNOTATIONS_OPTION} (default {@value SeeAdapter#ANNOTATIONS_DEFAULT}); {@code
 * generic}: {@value GenericAdapter#MANIFEST_OPTION} (CSV {@code path,label,subject}), {@value
 * GenericAdapter#CLASSES_OPTION} (comma-separated class names in label-index order); {@code
 * ckplus}: {@value CkPlusAdapter#FOLDS_OPTION} (labels from the benchmark's folds file); {@code
 * mmi}: none.
 */
public final class DatasetAdapters {
  /** Spiking-FER's class order: label 1..6 of its folds.csv is index 0..5 here. */
  public static final List<String> SPIKING_FER_CLASSES =
      List.of("happy", "fear", "surprise", "anger", "disgust", "sadness");
  /** SEE's 7 classes (the names of its emotion.json and folders), in label-index order. */
  public static final List<String> SEE_CLASSES =
      List.of("angry", "disgust", "fear", "happiness", "neutral", "sadness", "surprise");
  /** File name extensions taken as videos (lower case, no dot). */
  public static final Set<String> VIDEO_EXTENSIONS =
      Set.of("mp4", "avi", "mov", "mkv", "mpeg", "mpg", "webm", "m4v", "wmv");
  /** The registry names, in documentation order. */
  public static final List<String> NAMES = List.of(
      CkPlusAdapter.NAME, OuluCasiaAdapter.NAME, AdfesAdapter.NAME, MmiAdapter.NAME, SeeAdapter.NAME, GenericAdapter.NAME);
  /** The option keys each adapter accepts. */
  public static final Map<String, Set<String>> OPTIONS = options();

  /** Expression words of the face datasets -> Spiking-FER class, or "" when outside the 6 classes. */
  private static final Map<String, String> WORDS = words();

  private DatasetAdapters() {}

  /** The adapter with default options; see {@link #forName(String, Map)}. */
  public static DatasetAdapter forName(String name) {
    return forName(name, Map.of());
  }

  /**
   * The adapter registered under {@code name} (case-insensitive), configured by {@code options}.
   *
   * @throws ProjectException INVALID_DATASET for an unknown name ({@code "Invalid dataset: x (known:
   *     ...)"}) or an option key the adapter does not have
   */
  public static DatasetAdapter forName(String name, Map<String, String> options) {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(options, "options is null");
    String key = name.strip().toLowerCase(Locale.ROOT);
    if (!OPTIONS.containsKey(key)) {
      throw new ProjectException(DatasetErrorCode.INVALID_DATASET,
          "Invalid dataset: " + name + " (known: " + String.join(", ", NAMES) + ")");
    }
    for (String option : options.keySet()) {
      if (!OPTIONS.get(key).contains(option)) {
        throw new ProjectException(DatasetErrorCode.INVALID_DATASET, "Invalid dataset option: " + option + " (known for "
            + key + ": " + (OPTIONS.get(key).isEmpty() ? "none" : String.join(", ", new TreeSet<>(OPTIONS.get(key)))) + ")");
      }
    }
    return switch (key) {
      case CkPlusAdapter.NAME -> new CkPlusAdapter(options.getOrDefault(CkPlusAdapter.FOLDS_OPTION, ""));
      case OuluCasiaAdapter.NAME -> new OuluCasiaAdapter(
          options.getOrDefault(OuluCasiaAdapter.PART_OPTION, OuluCasiaAdapter.PART_DEFAULT));
      case AdfesAdapter.NAME -> new AdfesAdapter(options.getOrDefault(AdfesAdapter.SUBJECT_MAP_OPTION, ""));
      case MmiAdapter.NAME -> new MmiAdapter();
      case SeeAdapter.NAME -> new SeeAdapter(options.getOrDefault(SeeAdapter.SOURCE_OPTION, SeeAdapter.SOURCE_EVENT),
          options.getOrDefault(SeeAdapter.ANNOTATIONS_OPTION, SeeAdapter.ANNOTATIONS_DEFAULT));
      case GenericAdapter.NAME -> new GenericAdapter(options.getOrDefault(GenericAdapter.MANIFEST_OPTION, ""),
          GenericAdapter.parseClasses(options.getOrDefault(GenericAdapter.CLASSES_OPTION, "")));
      default -> throw new IllegalStateException("Cannot create adapter " + key);
    };
  }

  /**
   * The sample record of a clip: sample id = clip id, dataset, subject, label, split, the test folds
   * from {@code folds} (empty set when {@code folds} is null), source path = the clip's location,
   * and parameters = {@code parameters} plus the clip's facts under {@code source.*} keys ({@code
   * source.kind}, {@code source.frames} for frame sequences, {@code source.frames_per_second} when
   * known, and every attribute as {@code source.<attribute>}, e.g. {@code source.lighting}).
   *
   * @throws IllegalArgumentException if {@code folds} is given but has no row for the clip ({@code
   *     "Cannot place ..."}; join first with {@link Folds#join}) or a parameter key starts with
   *     {@code source.}
   */
  public static SampleRecord toSampleRecord(ClipSpec clip, Folds folds, Map<String, String> parameters) {
    Objects.requireNonNull(clip, "clip is null");
    Objects.requireNonNull(parameters, "parameters is null");
    Map<String, String> merged = new TreeMap<>();
    for (Map.Entry<String, String> entry : parameters.entrySet()) {
      if (entry.getKey().startsWith("source.")) {
        throw new IllegalArgumentException("Invalid parameter: " + entry.getKey() + " (the source.* keys are the clip's)");
      }
      merged.put(entry.getKey(), entry.getValue());
    }
    merged.put("source.kind", clip.kind().name());
    if (clip.isFrameSequence()) {
      merged.put("source.frames", Integer.toString(clip.sources().size()));
    }
    if (clip.hasKnownFrameRate()) {
      merged.put("source.frames_per_second", String.format(Locale.ROOT, "%.3f", clip.framesPerSecond()));
    }
    for (Map.Entry<String, String> attribute : clip.attributes().entrySet()) {
      merged.put("source." + attribute.getKey(), attribute.getValue());
    }
    Set<Integer> testFolds = folds == null ? Set.of() : folds.testFolds(clip);
    return new SampleRecord(clip.clipId(), clip.dataset(), clip.subject(), clip.labelIndex(), clip.labelName(),
        clip.split(), testFolds, clip.location(), merged);
  }

  /**
   * The Spiking-FER class of an expression word of the face datasets (case-insensitive: anger,
   * angry, disgust, fear, happy, happiness, joy, sadness, sad, surprise, ...).
   *
   * @return the class name, "" for a known expression outside the 6 classes (neutral, contempt,
   *     embarrassment, pride), or null for an unknown word
   */
  public static String toSpikingFerClass(String word) {
    return WORDS.get(word.toLowerCase(Locale.ROOT));
  }

  /** The canonical name of a known expression word (e.g. {@code embarrass -> embarrassment}), or null. */
  static String canonicalExpression(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    String label = WORDS.get(lower);
    if (label == null) {
      return null;
    }
    if (!label.isEmpty()) {
      return label;
    }
    return switch (lower) {
      case "embarrass", "embarrassed", "embarrassment" -> "embarrassment";
      case "pride", "proud" -> "pride";
      default -> lower;
    };
  }

  /** "Invalid label: x is not one of the 6 Spiking-FER classes". */
  static String notSpikingFer(String expression) {
    return "Invalid label: " + expression + " is not one of the 6 Spiking-FER classes";
  }

  private static Map<String, String> words() {
    Map<String, String> words = new LinkedHashMap<>();
    for (String w : List.of("anger", "angry")) {
      words.put(w, "anger");
    }
    for (String w : List.of("disgust", "disgusted")) {
      words.put(w, "disgust");
    }
    for (String w : List.of("fear", "fearful", "afraid")) {
      words.put(w, "fear");
    }
    for (String w : List.of("happy", "happiness", "joy")) {
      words.put(w, "happy");
    }
    for (String w : List.of("sadness", "sad")) {
      words.put(w, "sadness");
    }
    for (String w : List.of("surprise", "surprised")) {
      words.put(w, "surprise");
    }
    for (String w : List.of("neutral", "contempt", "embarrass", "embarrassed", "embarrassment", "pride", "proud")) {
      words.put(w, "");
    }
    return Map.copyOf(words);
  }

  private static Map<String, Set<String>> options() {
    Map<String, Set<String>> options = new LinkedHashMap<>();
    options.put(CkPlusAdapter.NAME, Set.of(CkPlusAdapter.FOLDS_OPTION));
    options.put(OuluCasiaAdapter.NAME, Set.of(OuluCasiaAdapter.PART_OPTION));
    options.put(AdfesAdapter.NAME, Set.of(AdfesAdapter.SUBJECT_MAP_OPTION));
    options.put(MmiAdapter.NAME, Set.of());
    options.put(SeeAdapter.NAME, Set.of(SeeAdapter.SOURCE_OPTION, SeeAdapter.ANNOTATIONS_OPTION));
    options.put(GenericAdapter.NAME, Set.of(GenericAdapter.MANIFEST_OPTION, GenericAdapter.CLASSES_OPTION));
    return java.util.Collections.unmodifiableMap(options);
  }
}
