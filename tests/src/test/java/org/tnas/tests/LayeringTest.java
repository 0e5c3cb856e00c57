package org.tnas.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module and package layering of docs/ARCHITECTURE.md, checked on the compiled main classes of
 * every module (this module depends on all of them): formats &lt;- udfs &lt;- search &lt;- pipelines,
 * nothing imports upwards, Spark only at the edges, and the pure kernels free of Spark and DJL.
 *
 * <p>A rule that fails names each offending class, the dependency and the line, e.g. {@code Method
 * <org.tnas.udfs.core.X.f()> calls method <org.apache.spark.sql.SparkSession.builder()> in
 * (X.java:12)}.
 */
@AnalyzeClasses(packages = "org.tnas", importOptions = LayeringTest.MainClassesOnly.class)
class LayeringTest {
  private static final String SPARK = "org.apache.spark..";
  private static final String DJL = "ai.djl..";

  /** Main classes only: no test classes of this module and none from the modules' test-jars. */
  static final class MainClassesOnly implements ImportOption {
    private final ImportOption tests = new ImportOption.DoNotIncludeTests();

    @Override
    public boolean includes(Location location) {
      return tests.includes(location) && !location.contains("-tests.jar");
    }
  }

  @ArchTest
  static final ArchRule formatsIsTheBottom = noClasses().that().resideInAPackage("org.tnas.formats..")
      .should().dependOnClassesThat()
      .resideInAnyPackage("org.tnas.udfs..", "org.tnas.search..", "org.tnas.pipelines..", "org.tnas.tests..")
      .because("formats is the bottom layer: nothing in it may import udfs, search, pipelines or tests");

  @ArchTest
  static final ArchRule formatsIsSparkAndDjlFree = noClasses().that().resideInAPackage("org.tnas.formats..")
      .should().dependOnClassesThat().resideInAnyPackage(SPARK, DJL)
      .because("formats is the Spark-free and engine-free API every layer and external reader builds on");

  @ArchTest
  static final ArchRule udfsImportsOnlyFormats = noClasses().that().resideInAPackage("org.tnas.udfs..")
      .should().dependOnClassesThat()
      .resideInAnyPackage("org.tnas.search..", "org.tnas.pipelines..", "org.tnas.tests..")
      .because("udfs sits on formats only");

  @ArchTest
  static final ArchRule searchDoesNotImportPipelines = noClasses().that().resideInAPackage("org.tnas.search..")
      .should().dependOnClassesThat().resideInAnyPackage("org.tnas.pipelines..", "org.tnas.tests..")
      .because("search sits on udfs and formats; the jobs in pipelines use it, not the other way round");

  @ArchTest
  static final ArchRule pipelinesDoesNotImportTests = noClasses().that().resideInAPackage("org.tnas.pipelines..")
      .should().dependOnClassesThat().resideInAPackage("org.tnas.tests..")
      .because("the integration tests sit on top of everything");

  @ArchTest
  static final ArchRule kernelsAreSparkAndDjlFree = noClasses().that()
      .resideInAnyPackage("org.tnas.udfs.core..", "org.tnas.search.net..", "org.tnas.search.ttfs..",
          "org.tnas.search.metrics..", "org.tnas.pipelines.emulator..", "org.tnas.pipelines.synthetic..")
      .should().dependOnClassesThat().resideInAnyPackage(SPARK, DJL)
      .because("kernels (event transforms, TTFS simulator, metrics, emulator) are plain Java over arrays;"
          + " Spark and DJL adapters wrap them");

  @ArchTest
  static final ArchRule sparkOnlyInSearchSpark = noClasses().that().resideInAPackage("org.tnas.search..")
      .and().resideOutsideOfPackage("org.tnas.search.spark..")
      .should().dependOnClassesThat().resideInAPackage(SPARK)
      .because("in search, Spark code lives only in search.spark");

  @ArchTest
  static final ArchRule sparkFreePipelinePackages = noClasses().that()
      .resideInAnyPackage("org.tnas.pipelines.video..", "org.tnas.pipelines.face..",
          "org.tnas.pipelines.datasets..", "org.tnas.pipelines.inspect..")
      .should().dependOnClassesThat().resideInAPackage(SPARK)
      .because("decoding, face standardisation, dataset layouts and inspection run without Spark");
}
