package org.tnas.pipelines.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.pipelines.inspect.Inspection;
import org.tnas.pipelines.inspect.Inspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tnas inspect}: summary of an event file, an Arrow shard or a shard dataset directory. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    header = "Print the facts of an event file, an Arrow shard or a shard set.",
    description = {
      "Print format, event count, ON/OFF counts, first/last timestamp and sensor size of an event file (EVT2, EVT3, DAT, AEDAT4, AEDAT2, N-MNIST .bin, .npy, CSV/text, HDF5), an Arrow shard, or a shard dataset directory (its manifest). Any Hadoop file system URI works (file://, hdfs://, s3a://)."
    },
    footer = {
      "%nFields:",
      "  geometry_source      declared (from the file or its metadata), inferred (max x/y + 1 over the events) or unknown.",
      "  first_t_us, last_t_us  timestamps of the first and the last event in file order (microseconds).",
      "  min_t_us, max_t_us   smallest and largest timestamp; they differ from first/last only when timestamps go back.",
      "  timestamp_decreases  how many events have an earlier timestamp than the event before them (0 = time-ordered);"
          + " such files are read and imported in file order, but the event transforms (augment_events, to_frames) refuse them."
    })
final class InspectCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<file or shard URI>", description = "The file, shard or dataset directory.")
  String uri;

  @Option(names = "--format", paramLabel = "<format>", description = "Force the format instead of detecting it: evt2, evt3, dat, aedat4, aedat2, nmnist, npy, csv, h5, arrow.")
  String format;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Inspection inspection = Inspector.inspect(new Path(uri), new Configuration(), format);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
      Map<String, Object> ordered = new LinkedHashMap<>(inspection.toMap());
      out.println(mapper.writeValueAsString(ordered));
    } else {
      inspection.toMap().forEach((key, value) -> out.printf("%-20s %s%n", key, value == null ? "-" : value));
    }
    out.flush();
    return 0;
  }
}
