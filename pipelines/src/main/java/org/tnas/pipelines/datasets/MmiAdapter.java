package org.tnas.pipelines.datasets;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * MMI: {@code Sessions/<n>/<name>.avi} (the root may be the folder holding {@code Sessions} or
 * {@code Sessions} itself), labelled by the session's XML metadata. For a video {@code
 * <name>.avi} the emotion is read from {@code <name>.xml} and then, if that file has none, from
 * {@code session.xml} of the same folder ({@code <name>-oao_aucs.xml} holds action units only and
 * is not read). In each file, the first of these wins (element and attribute names
 * case-insensitive):
 * <ol>
 *   <li>{@code <Metatag Name="Emotion" Value="N"/>} (the MMI distribution's form);
 *   <li>an element {@code <Emotion>} with a {@code Value} attribute or text content;
 *   <li>an attribute {@code Emotion="..."} on any element.
 * </ol>
 * The value is MMI's code 1..6 (1 anger, 2 disgust, 3 fear, 4 happiness, 5 sadness, 6 surprise)
 * or an expression word (anger, happy, ...). Ids: a video named {@code S001-001.avi} is clip
 * {@code S001/001} (subject, 3-digit sequence), as in the benchmark's MMIDVS folds; other names
 * give {@code <session>/<name>} with an empty subject.
 *
 * <p>Candidates: every video file of every session folder, every session folder without a video
 * (image-only sessions are not clips), and every visible file directly in {@code Sessions}. XML
 * files are read with external entities and DTD loading off. Immutable and thread-safe.
 */
public final class MmiAdapter implements DatasetAdapter {
  /** Registry name. */
  public static final String NAME = "mmi";
  /** MMI's emotion code 1..6 (index + 1) to the Spiking-FER class name. */
  public static final List<String> CODES = List.of("anger", "disgust", "fear", "happy", "sadness", "surprise");
  static final String SESSIONS = "Sessions";
  static final String SESSION_XML = "session.xml";
  private static final Pattern NAME_PATTERN = Pattern.compile("[Ss]([0-9]+)-([0-9]+)");
  private static final String EXPECTED = "expected 1..6 (1 anger, 2 disgust, 3 fear, 4 happiness, 5 sadness, 6 surprise)"
      + " or an expression word";

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
    Path sessions = new Path(root, SESSIONS);
    if (!LayoutFiles.isDirectory(fs, sessions)) {
      if (!LayoutFiles.isDirectory(fs, root)) {
        throw new org.tnas.formats.errors.ProjectException(DatasetErrorCode.INVALID_ROOT,
            "Invalid MMI root " + root + ": not a folder (expected Sessions/<n>/<name>.avi)");
      }
      sessions = root;
    }
    LayoutFiles.Collector out = new LayoutFiles.Collector(NAME);
    for (FileStatus session : LayoutFiles.children(fs, sessions)) {
      if (!session.isDirectory()) {
        out.reject(session.getPath().toString(), DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input "
            + session.getPath() + ": not a session folder (expected Sessions/<n>/<name>.avi)");
        continue;
      }
      List<FileStatus> videos = new ArrayList<>();
      for (FileStatus file : LayoutFiles.children(fs, session.getPath())) {
        if (file.isFile() && DatasetAdapters.VIDEO_EXTENSIONS.contains(LayoutFiles.extension(file.getPath().getName()))) {
          videos.add(file);
        }
      }
      if (videos.isEmpty()) {
        out.reject(session.getPath().toString(), DatasetErrorCode.MISSING_SOURCE, "Invalid session "
            + session.getPath() + ": no video file (image-only sessions are not clips)");
        continue;
      }
      for (FileStatus video : videos) {
        examine(fs, session.getPath(), video.getPath(), out);
      }
    }
    return out.build(classNames());
  }

  private static void examine(FileSystem fs, Path session, Path video, LayoutFiles.Collector out) {
    String uri = video.toString();
    String base = LayoutFiles.baseName(video.getName());
    List<Path> metadata = new ArrayList<>();
    for (Path candidate : List.of(new Path(session, base + ".xml"), new Path(session, SESSION_XML))) {
      if (LayoutFiles.exists(fs, candidate)) {
        metadata.add(candidate);
      }
    }
    if (metadata.isEmpty()) {
      out.reject(uri, DatasetErrorCode.MISSING_METADATA, "Cannot label " + uri + ": no metadata file (expected "
          + base + ".xml or " + SESSION_XML + " in " + session + ")");
      return;
    }
    String value = null;
    Path source = null;
    for (Path file : metadata) {
      Document document;
      try {
        document = parse(LayoutFiles.readBytes(fs, file));
      } catch (org.xml.sax.SAXParseException e) {
        out.reject(uri, DatasetErrorCode.INVALID_METADATA, "Invalid metadata file " + file + ": line "
            + e.getLineNumber() + ": " + e.getMessage());
        return;
      } catch (Exception e) {
        out.reject(uri, DatasetErrorCode.INVALID_METADATA, "Invalid metadata file " + file + ": " + e.getMessage());
        return;
      }
      value = emotionOf(document);
      if (value != null) {
        source = file;
        break;
      }
    }
    if (value == null) {
      out.reject(uri, DatasetErrorCode.MISSING_LABEL, "Cannot label " + uri + ": no Emotion metatag in "
          + String.join(", ", metadata.stream().map(Path::getName).toList()));
      return;
    }
    String trimmed = value.strip();
    String label;
    if (trimmed.matches("[+-]?[0-9]+")) {
      int code = Integer.parseInt(trimmed);
      if (code < 1 || code > CODES.size()) {
        out.reject(uri, DatasetErrorCode.INVALID_LABEL,
            "Invalid label file " + source + ": Emotion value '" + trimmed + "' (" + EXPECTED + ")");
        return;
      }
      label = CODES.get(code - 1);
    } else {
      String canonical = DatasetAdapters.canonicalExpression(trimmed);
      if (canonical == null) {
        out.reject(uri, DatasetErrorCode.INVALID_LABEL,
            "Invalid label file " + source + ": Emotion value '" + trimmed + "' (" + EXPECTED + ")");
        return;
      }
      if (!DatasetAdapters.SPIKING_FER_CLASSES.contains(canonical)) {
        out.reject(uri, DatasetErrorCode.INVALID_LABEL, DatasetAdapters.notSpikingFer(canonical));
        return;
      }
      label = canonical;
    }
    String subject = "";
    String sequence = "";
    String id = session.getName() + "/" + base;
    Matcher matcher = NAME_PATTERN.matcher(base);
    if (matcher.matches()) {
      subject = String.format(Locale.ROOT, "S%03d", Integer.parseInt(matcher.group(1)));
      sequence = String.format(Locale.ROOT, "%03d", Integer.parseInt(matcher.group(2)));
      id = subject + "/" + sequence;
    }
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("session", session.getName());
    attributes.put("metadata_file", source.toString());
    attributes.put("mmi_emotion", trimmed);
    out.accept(new ClipSpec(id, NAME, subject, sequence, DatasetAdapters.SPIKING_FER_CLASSES.indexOf(label), label,
        SourceKind.VIDEO_FILE, uri, List.of(uri), 0, attributes, ""));
  }

  static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // throw on fatal errors, print nothing
    return builder.parse(new ByteArrayInputStream(xml));
  }

  /** The emotion value of a metadata document by the rules in the class comment, or null. */
  static String emotionOf(Document document) {
    List<Element> elements = new ArrayList<>();
    collect(document.getDocumentElement(), elements);
    for (Element element : elements) {
      if (element.getTagName().equalsIgnoreCase("Metatag") && "emotion".equalsIgnoreCase(attribute(element, "name"))) {
        String value = attribute(element, "value");
        if (value != null) {
          return value;
        }
      }
    }
    for (Element element : elements) {
      if (element.getTagName().equalsIgnoreCase("Emotion")) {
        String value = attribute(element, "value");
        if (value == null && !element.getTextContent().isBlank()) {
          value = element.getTextContent();
        }
        if (value != null) {
          return value;
        }
      }
    }
    for (Element element : elements) {
      String value = attribute(element, "emotion");
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static void collect(Element element, List<Element> into) {
    into.add(element);
    NodeList children = element.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i).getNodeType() == Node.ELEMENT_NODE) {
        collect((Element) children.item(i), into);
      }
    }
  }

  private static String attribute(Element element, String name) {
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Node attribute = attributes.item(i);
      if (attribute.getNodeName().equalsIgnoreCase(name)) {
        return attribute.getNodeValue();
      }
    }
    return null;
  }
}
