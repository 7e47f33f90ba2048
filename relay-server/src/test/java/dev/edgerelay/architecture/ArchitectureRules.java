package dev.edgerelay.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

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

  /** Every package under {@code root} (and root's own classes) is a slice; no two may reach each other both ways. */
  static ArchRule noPackageCycles(String root) {
    return slices().matching(root + ".(**)").namingSlices("$1").should().beFreeOfCycles()
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
}
