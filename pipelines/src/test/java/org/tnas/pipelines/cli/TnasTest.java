package org.tnas.pipelines.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tnas.formats.samples.SkippedInput;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.importer.ImportResult;
import picocli.CommandLine;

class TnasTest {
  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    CommandLine commandLine = Tnas.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsTheSubcommands() {
    Run run = run("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("inspect").contains("import");
  }

  @Test
  void inspectPrintsTheFactsOfARealRecordingAsJson() throws Exception {
    Path aedat = SharedData.require("events/tonic_sample.aedat4");
    Run run = run("inspect", "--json", aedat.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("format").asText()).isEqualTo("aedat4");
    assertThat(json.get("events").asLong()).isEqualTo(111_954);
    assertThat(json.get("on").asLong()).isEqualTo(55_023);
    assertThat(json.get("off").asLong()).isEqualTo(56_931);
    assertThat(json.get("first_t_us").asLong()).isEqualTo(1_605_537_493_718_345L);
    assertThat(json.get("last_t_us").asLong()).isEqualTo(1_605_537_494_308_262L);
    assertThat(json.get("width").asInt()).isEqualTo(320);
    assertThat(json.get("height").asInt()).isEqualTo(240);
  }

  @Test
  void inspectTextNamesTheInferredGeometry() {
    Path nmnist = SharedData.require("events/tonic_sample_nmnist.bin");
    Run run = run("inspect", nmnist.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("format\\s+nmnist").containsPattern("events\\s+4325")
        .containsPattern("geometry_source\\s+inferred");
  }

  @Test
  void userErrorsExitWithTwoAndAClearMessage() {
    Run missing = run("inspect", "/definitely/not/here.raw");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("tnas inspect: Cannot inspect: no such file or directory (in /definitely/not/here.raw)");
    Run badFormat = run("inspect", "--format", "mp3", "x");
    assertThat(badFormat.exitCode()).isEqualTo(2);
    assertThat(badFormat.err()).contains("Invalid event format: mp3");
    Run badKey = run("import", "x", "-o", "y", "--conf", "import.shard-size=3");
    assertThat(badKey.exitCode()).isEqualTo(2);
    assertThat(badKey.err()).contains("Invalid config key: import.shard-size (from --conf; known keys: import.compact-shards, import.dataset");
  }

  @Test
  void importHelpConfigNeedsNoInputAndListsTheEvt3Timing() {
    Run run = run("import", "--help-config");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("import.output").contains("import.evt3-timing");
    Run missing = run("import", "-o", "out");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required parameter: '<input>'");
    Run badTiming = run("import", "x", "-o", "y", "--evt3-timing", "reference");
    assertThat(badTiming.exitCode()).isEqualTo(2);
    assertThat(badTiming.err()).contains("Invalid EVT3 timing: reference (expected official or expelliarmus)");
  }

  @Test
  void importExitsWithTwoWhenNothingWasImported() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ImportResult none = new ImportResult("file:/o", 1, 0,
        List.of(new SkippedInput("file:/in/a.raw", "UNSUPPORTED_EVENT_FORMAT", "Cannot detect the event format of a .raw file")), 0, 0, 0.5);
    assertThat(ImportCommand.report(none, new PrintWriter(out), new PrintWriter(err))).isEqualTo(2);
    assertThat(out.toString()).contains("imported 0 of 1 inputs (1 skipped)").contains("skipped: file:/in/a.raw: Cannot detect");
    assertThat(err.toString()).isEqualTo("Cannot import: none of the 1 inputs could be converted (reasons above and in import-report.json)"
        + System.lineSeparator());
    ImportResult some = new ImportResult("file:/o", 2, 1, List.of(none.skipped().get(0)), 1, 10, 0.5);
    assertThat(ImportCommand.report(some, new PrintWriter(new StringWriter()), new PrintWriter(err))).isZero();
  }

  @Test
  void everyCommandSummaryIsACompleteSentence() {
    CommandLine commandLine = Tnas.commandLine();
    for (var entry : commandLine.getSubcommands().entrySet()) {
      if (entry.getKey().equals("help")) {
        continue;
      }
      String[] header = entry.getValue().getCommandSpec().usageMessage().header();
      assertThat(header).as(entry.getKey()).hasSize(1);
      assertThat(header[0]).as(entry.getKey()).endsWith(".");
      assertThat(run("--help").out()).as(entry.getKey()).contains(header[0].substring(0, 30));
      // the description is a list of whole paragraphs: none ends in the middle of a sentence
      for (String paragraph : entry.getValue().getCommandSpec().usageMessage().description()) {
        assertThat(paragraph).as(entry.getKey()).endsWith(".");
      }
    }
  }
}
