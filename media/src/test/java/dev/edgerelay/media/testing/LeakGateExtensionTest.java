package dev.edgerelay.media.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The gate sees a leak planted in this very surefire JVM, where the plain log stayed silent. */
class LeakGateExtensionTest {
  private final LeakGateExtension gate = new LeakGateExtension();

  /** Drops the only reference to a tracked buffer without releasing it: the leak under test. */
  private static void plantLeakedBuffer() {
    ByteBuf leaked = ByteBufAllocator.DEFAULT.directBuffer(64);
    leaked.writeInt(0x4C45414B);
  }

  private static ExtensionContext classNamed(String displayName) {
    return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
        new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
          if (method.getName().equals("getDisplayName")) {
            return displayName;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void shouldHaveInstalledItsDetectorBeforeNettyBuiltTheBufferDetector() {
    assertThatCode(() -> gate.beforeAll(classNamed("Any"))).doesNotThrowAnyException();
  }

  @Test
  void shouldReportAPlantedLeakWithWhereItWasCreated() {
    plantLeakedBuffer();

    assertThat(LeakGateExtension.forceReports()).singleElement().satisfies(leak -> assertThat(leak)
        .startsWith("LEAK: ByteBuf")
        .contains("Created at:", "LeakGateExtensionTest.plantLeakedBuffer(LeakGateExtensionTest.java:")
        .doesNotContain("org.junit.platform"));
  }

  @Test
  void shouldFailTheClassDuringWhichALeakWasPlanted() {
    plantLeakedBuffer();

    assertThatThrownBy(() -> gate.afterAll(classNamed("PlantedLeakTest"))).isInstanceOf(AssertionError.class)
        .hasMessageContaining("1 leaked reference-counted object(s) reported while PlantedLeakTest ran")
        .hasMessageContaining("LeakGateExtensionTest.plantLeakedBuffer");
  }

  @Test
  void shouldPassAClassThatReleasedEverything() {
    ByteBuf owned = ByteBufAllocator.DEFAULT.directBuffer(64).writeInt(1);
    owned.release();

    assertThatCode(() -> gate.afterAll(classNamed("CleanTest"))).doesNotThrowAnyException();
  }
}
