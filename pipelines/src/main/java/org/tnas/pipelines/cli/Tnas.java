package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import org.tnas.formats.errors.ErrorType;
import org.tnas.formats.errors.ProjectException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tnas} launcher: one entry point with subcommands. Usable locally (embedded Spark
 * {@code local[*]}) and as the main class given to {@code spark-submit}.
 *
 * <p>Exit codes: 0 success, 1 internal error, 2 user error (bad input, bad configuration), 3
 * resources or external failure.
 */
@Command(
    name = "tnas",
    mixinStandardHelpOptions = true,
    versionProvider = Tnas.Version.class,
    description = "Event-camera conversion, Arrow event shards and TTFS architecture search on Apache Spark.",
    subcommands = {InspectCommand.class, ImportCommand.class, EmulateCommand.class, ConvertCommand.class, SynthesizeCommand.class, SearchCommand.class, ScoreCompareCommand.class, RankingCommand.class, TtfsCommand.class, PipelineCommand.class, org.tnas.pipelines.train.TrainCommand.class, org.tnas.pipelines.study.StudyCommand.class, SettingsCommand.class, CommandLine.HelpCommand.class})
public final class Tnas implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the launcher and returns its exit code (used by tests and by {@link #main}). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line (tests set its output streams). */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Tnas());
    // help text uses the terminal's width when it can be found (80 columns otherwise)
    commandLine.setUsageHelpAutoWidth(true);
    commandLine.setExecutionExceptionHandler(Tnas::handle);
    return commandLine;
  }

  private static int handle(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    Throwable cause = exception;
    while (!(cause instanceof ProjectException) && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof ProjectException project) {
      err.println("tnas " + commandLine.getCommandName() + ": " + project.getMessage());
      err.println("  [" + project.code().name() + ", " + project.type() + "]");
      err.flush();
      return project.type() == ErrorType.USER_ERROR ? 2 : project.type() == ErrorType.INTERNAL_ERROR ? 1 : 3;
    }
    if (exception instanceof IllegalArgumentException) {
      err.println("tnas " + commandLine.getCommandName() + ": " + exception.getMessage());
      err.flush();
      return 2;
    }
    err.println("tnas " + commandLine.getCommandName() + ": internal error: " + exception);
    exception.printStackTrace(err);
    err.flush();
    return 1;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Tnas.class.getPackage().getImplementationVersion();
      return new String[] {"tnas " + (version == null ? "development build" : version)};
    }
  }
}
