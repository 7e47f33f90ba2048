package dev.edgerelay.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The module rules of docs/architecture.md as ArchUnit rules. Each takes the package it guards, so the
 * same rule runs on the main code and on the planted fixtures that prove it bites.
 */
final class ArchitectureRules {
  /** What the media library must not know: it is plain Java and Netty, usable by any host. */
  static final String[] MEDIA_MUST_NOT_USE = {"io.vertx..", "org.rocksdb..", "dev.edgerelay.relay..", "dev.edgerelay.sim.."};
  /** What the recorder must not know: it stores units, whoever delivered them. */
  static final String[] RECORDER_MUST_NOT_USE = {"dev.edgerelay.media.rtmp..", "dev.edgerelay.relay..", "dev.edgerelay.sim.."};

  private ArchitectureRules() {}

  /**
   * Every package under {@code root} is a slice, with its {@code impl} package counted as part of it; no two
   * slices may reach each other both ways.
   */
  static ArchRule noPackageCycles(String root) {
    return slices().assignedFrom(new PackageWithItsImpl(root)).should().beFreeOfCycles()
        .because("a cycle makes two packages one unit that can only change together");
  }

  static ArchRule mediaStaysPlain(String mediaPackage) {
    return noClasses().that().resideInAPackage(mediaPackage + "..").should().dependOnClassesThat()
        .resideInAnyPackage(MEDIA_MUST_NOT_USE)
        .because("media is the node's Vert.x-free, storage-free library (docs/architecture.md, modules)");
  }

  static ArchRule recorderKnowsNoTransport(String recorderPackage) {
    return noClasses().that().resideInAPackage(recorderPackage + "..").should().dependOnClassesThat()
        .resideInAnyPackage(RECORDER_MUST_NOT_USE)
        .because("the recorder stores units whatever protocol or platform delivered them");
  }

  /** Features take their own options objects; only the node's wiring (the root package) reads the loader. */
  static ArchRule onlyTheNodeReadsTheConfiguration() {
    return noClasses().that().resideInAPackage("dev.edgerelay.relay..")
        .and().resideOutsideOfPackages("dev.edgerelay.relay", "dev.edgerelay.relay.config")
        .should().dependOnClassesThat().resideInAPackage("dev.edgerelay.relay.config..")
        .because("config sits above the features it nests; a feature importing it would close a cycle");
  }

  /** The configuration exception and its checks sit below every feature (ChannelRef is the recorder's). */
  static ArchRule optionsPackageIsTheBottom() {
    return classes().that().resideInAPackage("dev.edgerelay.relay.options..").should().onlyDependOnClassesThat()
        .resideInAnyPackage("dev.edgerelay.relay.options..", "java..", "dev.edgerelay.recorder")
        .because("every feature imports it, so it may import none of them");
  }

  /**
   * Slices by package, where {@code x.impl} belongs to {@code x}: an interface with a static {@code create(...)}
   * over its implementation package (the Vert.x way, STYLE.md) is one unit with a small public surface, not a
   * cycle between two.
   */
  static final class PackageWithItsImpl implements SliceAssignment {
    private final String root;

    PackageWithItsImpl(String root) {
      this.root = root;
    }

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      if (!name.equals(root) && !name.startsWith(root + ".")) {
        return SliceIdentifier.ignore();
      }
      if (name.endsWith(".impl")) {
        name = name.substring(0, name.length() - ".impl".length());
      }
      return SliceIdentifier.of(name.equals(root) ? "(root)" : name.substring(root.length() + 1));
    }

    @Override
    public String getDescription() {
      return "packages under " + root + ", each with its impl package";
    }
  }
}
