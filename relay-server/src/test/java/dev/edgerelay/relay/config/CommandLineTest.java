package dev.edgerelay.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void shouldDefaultToRunAndReadBothFlagForms() {
    CommandLine cli = CommandLine.parse(new String[] {"--http-port", "9000", "--data-dir=/tmp/x"});

    assertThat(cli.command()).isEqualTo("run");
    assertThat(cli.flags()).containsEntry(NodeOption.HTTP_PORT, "9000").containsEntry(NodeOption.DATA_DIR, "/tmp/x");
    assertThat(cli.help()).isFalse();
  }

  @Test
  void shouldReadTheDemoCommandAndHelp() {
    assertThat(CommandLine.parse(new String[] {"demo"}).command()).isEqualTo("demo");
    assertThat(CommandLine.parse(new String[] {"run", "--help"}).help()).isTrue();
  }

  @Test
  void shouldExplainUnknownOptionsAndMissingValues() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--htp-port", "1"})).hasMessageContaining("unknown option --htp-port");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--http-port"})).hasMessageContaining("--http-port needs a value");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"serve"})).hasMessageContaining("unknown command 'serve'");
  }

  @Test
  void shouldListEveryOptionWithItsEnvironmentVariableInHelp() {
    String usage = CommandLine.usage();

    for (NodeOption option : NodeOption.values()) {
      assertThat(usage).contains("--" + option.longName()).contains(option.envName());
    }
  }
}
