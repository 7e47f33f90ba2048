package dev.edgerelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every built-in file parses and carries what Vert.x's cluster manager and the site need; the lookup order holds. */
class HazelcastConfigLookupTest {
  private static final String MINIMAL = """
      <hazelcast xmlns="http://www.hazelcast.com/schema/config"><cluster-name>%s</cluster-name></hazelcast>
      """;

  @ParameterizedTest
  @EnumSource(HazelcastProfile.class)
  void everyProfileShouldCarryTheStructuresVertxNeeds(HazelcastProfile profile) {
    Config config = HazelcastConfigLookup.builtIn(profile).config();

    MultiMapConfig subs = config.getMultiMapConfigs().get("__vertx.subs");
    assertThat(subs).as("event-bus subscriptions").isNotNull();
    assertThat(subs.getValueCollectionType()).isEqualTo(MultiMapConfig.ValueCollectionType.SET);
    assertThat(subs.getBackupCount()).isEqualTo(1);
    assertThat(config.getMapConfigs()).containsKeys("__vertx.haInfo", "__vertx.nodeInfo");
    assertThat(config.getMapConfigs().get("__vertx.nodeInfo").getBackupCount()).isEqualTo(1);
    assertThat(config.getReplicatedMapConfigs()).containsKey("edge.*");
    assertThat(config.getReplicatedMapConfigs().get("edge.*").isAsyncFillup()).isFalse();
    assertThat(config.getClusterName()).isEqualTo("edge-relay");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
  }

  @Test
  void tcpShouldJoinByTheMemberListAndMulticastByMulticast() {
    JoinConfig tcp = HazelcastConfigLookup.builtIn(HazelcastProfile.TCP).config().getNetworkConfig().getJoin();
    JoinConfig multicast = HazelcastConfigLookup.builtIn(HazelcastProfile.MULTICAST).config().getNetworkConfig().getJoin();

    assertThat(tcp.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(tcp.getMulticastConfig().isEnabled()).isFalse();
    assertThat(multicast.getMulticastConfig().isEnabled()).isTrue();
    assertThat(multicast.getMulticastConfig().getMulticastTimeToLive()).isEqualTo(1);
    assertThat(multicast.getTcpIpConfig().isEnabled()).isFalse();
  }

  @Test
  void loopbackShouldStayOn127AndDetectFailuresFast() {
    Config config = HazelcastConfigLookup.builtIn(HazelcastProfile.LOOPBACK).config();

    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
    assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
    assertThat(Integer.parseInt(config.getProperty("hazelcast.max.no.heartbeat.seconds"))).isLessThanOrEqualTo(5);
  }

  @Test
  void theOptionShouldWinThenTheSystemPropertyThenClusterXmlThenTheBuiltIn(@TempDir Path dir) throws Exception {
    Path optionFile = Files.writeString(dir.resolve("option.xml"), MINIMAL.formatted("from-option"));
    Path propertyFile = Files.writeString(dir.resolve("property.xml"), MINIMAL.formatted("from-property"));
    Path classpathDir = Files.createDirectories(dir.resolve("cp"));
    Files.writeString(classpathDir.resolve("cluster.xml"), MINIMAL.formatted("from-classpath"));
    Properties withProperty = new Properties();
    withProperty.setProperty(HazelcastConfigLookup.VERTX_CONFIG_PROPERTY, propertyFile.toString());

    try (URLClassLoader withClusterXml = new URLClassLoader(new URL[] {classpathDir.toUri().toURL()}, null)) {
      ClassLoader plain = getClass().getClassLoader();
      assertThat(name(new HazelcastConfigLookup(withProperty, withClusterXml).load(optionFile.toString(),
          HazelcastProfile.TCP))).isEqualTo("from-option");
      assertThat(name(new HazelcastConfigLookup(withProperty, withClusterXml).load("", HazelcastProfile.TCP)))
          .isEqualTo("from-property");
      assertThat(name(new HazelcastConfigLookup(new Properties(), withClusterXml).load(null, HazelcastProfile.TCP)))
          .isEqualTo("from-classpath");
      LoadedConfig builtIn = new HazelcastConfigLookup(new Properties(), plain).load("", HazelcastProfile.MULTICAST);
      assertThat(builtIn.source()).isEqualTo("built-in profile multicast");
      assertThat(builtIn.config().getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isTrue();
      assertThat(new HazelcastConfigLookup(withProperty, plain).load("loopback", HazelcastProfile.TCP).source())
          .isEqualTo("built-in profile loopback");
    }
  }

  @Test
  void shouldReadYamlToo(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("site.yaml"), "hazelcast:\n  cluster-name: yaml-site\n");

    assertThat(name(new HazelcastConfigLookup(new Properties(), getClass().getClassLoader()).load(yaml.toString(),
        HazelcastProfile.TCP))).isEqualTo("yaml-site");
  }

  @Test
  void shouldNameAMissingOrBrokenFileAndWhatToFix(@TempDir Path dir) throws Exception {
    HazelcastConfigLookup lookup = new HazelcastConfigLookup(new Properties(), getClass().getClassLoader());
    Path broken = Files.writeString(dir.resolve("broken.xml"), "<hazelcast><network><port>x</port></network>");

    assertThatThrownBy(() -> lookup.load(dir.resolve("absent.xml").toString(), HazelcastProfile.TCP))
        .hasMessageContaining("absent.xml (named by --cluster-config) does not exist")
        .hasMessageContaining("tcp, multicast, loopback");
    assertThatThrownBy(() -> lookup.load(broken.toString(), HazelcastProfile.TCP))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken.xml");
  }

  @Test
  void theOptionsShouldOverrideTheFile() {
    Config config = new ClusterSettings("site-b", "127.0.0.1", 5801, List.of("10.1.1.1:5801", "10.1.1.2:5801"), 4_500,
        "box-7").applyTo(HazelcastConfigLookup.builtIn(HazelcastProfile.MULTICAST).config());

    assertThat(config.getClusterName()).isEqualTo("site-b");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("10.1.1.1:5801", "10.1.1.2:5801");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
    assertThat(config.getMemberAttributeConfig().getAttribute(ClusterSettings.NODE_NAME_ATTRIBUTE)).isEqualTo("box-7");
  }

  private static String name(LoadedConfig loaded) {
    return loaded.config().getClusterName();
  }
}
