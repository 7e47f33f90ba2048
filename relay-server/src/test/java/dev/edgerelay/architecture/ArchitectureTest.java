package dev.edgerelay.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module rules hold on the main code of every module (relay-server's test class path holds them all),
 * and each rule fails on a small planted violation under {@code fixture}, so a passing rule means something.
 */
class ArchitectureTest {
  private static final String FIXTURE = "dev.edgerelay.architecture.fixture";
  private static JavaClasses main;

  @BeforeAll
  static void importMainCode() {
    main = new ClassFileImporter().withImportOption(new MainCodeOnly()).importPackages("dev.edgerelay");
  }

  @Test
  void shouldSeeTheMainCodeOfEveryModule() {
    assertThat(main.containPackage("dev.edgerelay.media.ts")).isTrue();
    assertThat(main.containPackage("dev.edgerelay.recorder")).isTrue();
    assertThat(main.containPackage("dev.edgerelay.sim")).isTrue();
    assertThat(main.containPackage("dev.edgerelay.relay.config")).isTrue();
    assertThat(main.containPackage(FIXTURE)).as("test fixtures are not main code").isFalse();
  }

  /** Module by module: over all modules at once ArchUnit reports only some of the cycles it finds. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"media", "recorder", "sim", "relay"})
  void mainCodeOfEachModuleShouldHaveNoPackageCycles(String module) {
    JavaClasses classes = main.that(JavaClass.Predicates.resideInAPackage("dev.edgerelay." + module + ".."));
    ArchitectureRules.noPackageCycles("dev.edgerelay").check(classes);
  }

  @Test
  void mediaShouldImportNoVertxNoRocksDbAndNothingOfThePlatform() {
    ArchitectureRules.mediaStaysPlain("dev.edgerelay.media").check(main);
  }

  @Test
  void recorderShouldImportNothingOfRtmpOrThePlatform() {
    ArchitectureRules.recorderKnowsNoTransport("dev.edgerelay.recorder").check(main);
  }

  @Test
  void onlyTheNodeShouldReadItsConfigurationAndTheOptionsPackageShouldBeTheBottom() {
    ArchitectureRules.onlyTheNodeReadsTheConfiguration().check(main);
    ArchitectureRules.optionsPackageIsTheBottom().check(main);
  }

  @Test
  void cycleRuleShouldFailOnAPlantedCycle() {
    JavaClasses planted = fixture("cycle");
    assertThatThrownBy(() -> ArchitectureRules.noPackageCycles(FIXTURE + ".cycle").check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected");
  }

  @Test
  void cycleRuleShouldCountAnImplPackageAsPartOfItsInterfacePackage() {
    ArchitectureRules.noPackageCycles(FIXTURE + ".facade").check(fixture("facade"));
  }

  @Test
  void mediaRuleShouldFailOnAPlantedVertxImport() {
    JavaClasses planted = fixture("media");
    assertThatThrownBy(() -> ArchitectureRules.mediaStaysPlain(FIXTURE + ".media").check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("io.vertx.core.Vertx");
  }

  @Test
  void recorderRuleShouldFailOnAPlantedRtmpImport() {
    JavaClasses planted = fixture("recorder");
    assertThatThrownBy(() -> ArchitectureRules.recorderKnowsNoTransport(FIXTURE + ".recorder").check(planted))
        .isInstanceOf(AssertionError.class).hasMessageContaining("dev.edgerelay.media.rtmp.RtmpConfig");
  }

  private static JavaClasses fixture(String name) {
    JavaClasses classes = new ClassFileImporter().importPackages(FIXTURE + "." + name);
    assertThat(classes).as("planted classes of " + name).isNotEmpty();
    return classes;
  }

  /** Class directories and jars of main code: neither test classes nor a module's test-jar (the test kit). */
  static final class MainCodeOnly implements ImportOption {
    private static final ImportOption NO_TEST_DIRECTORIES = new ImportOption.DoNotIncludeTests();

    @Override
    public boolean includes(Location location) {
      return NO_TEST_DIRECTORIES.includes(location) && !location.contains("-tests.jar");
    }
  }
}
