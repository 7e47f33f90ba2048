package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.SettableClock;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The model without HTTP: cascades, bounds and the clock-driven rules other modules rely on. */
class SimStateTest {
  private final SettableClock clock = SettableClock.at(Instant.parse("2026-11-26T02:00:00Z"), SimOptions.DEFAULT_ZONE);
  private final SimState state = new SimState(clock, "100001", 1024);

  @Test
  void shouldDeleteEverythingOfADevice() {
    Device device = state.createDevice(new JsonObject().put("title", "t"), true, null, null).orElseThrow();
    state.addChannel(new Channel(device.id(), 1, "c", ""));
    state.recordings().add(device.id(), 1, "r", 0, 1000, 10);
    state.pictures().add(new Picture(device.id(), 1, "p", "jpg", "", 0, new byte[1]));
    state.messages().add(device.id(), 0, new byte[1]);
    PlayGrant grant = state.issueToken(device.id(), 1, null, 1000);

    assertThat(state.deleteDevice(device.id())).isTrue();
    assertThat(state.device(device.id())).isEmpty();
    assertThat(state.deviceByKey(device.key())).isEmpty();
    assertThat(state.channels(device.id())).isEmpty();
    assertThat(state.recordings().list(device.id(), 1)).isEmpty();
    assertThat(state.pictures().list(device.id(), 1)).isEmpty();
    assertThat(state.messages().list(device.id(), 0, Long.MAX_VALUE)).isEmpty();
    assertThat(state.checkPlayToken(grant.token())).isEmpty();
    assertThat(state.deleteDevice(device.id())).isFalse();
  }

  @Test
  void shouldBoundPlayTokensDroppingTheOldest() {
    PlayGrant first = state.issueToken("1", 1, null, -1);
    for (int i = 1; i < SimState.MAX_PLAY_TOKENS; i++) {
      state.issueToken("1", 1, null, -1);
    }
    assertThat(state.checkPlayToken(first.token())).isPresent();
    PlayGrant next = state.issueToken("1", 1, null, -1);
    assertThat(state.checkPlayToken(first.token())).isEmpty();
    assertThat(state.checkPlayToken(next.token())).isPresent();
  }

  @Test
  void shouldBoundObjectStoreInBytes() {
    assertThat(state.objects().put(new StoredObject("100001", "a", "", 0, new byte[1000]))).isTrue();
    assertThat(state.objects().put(new StoredObject("100001", "b", "", 0, new byte[25]))).isFalse();
    assertThat(state.objects().put(new StoredObject("100001", "a", "", 0, new byte[1024]))).as("replacing").isTrue();
    assertThat(state.objects().totalBytes()).isEqualTo(1024);
  }

  @Test
  void shouldKeepCommandReplyExactlySixtySeconds() {
    CommandLedger.Command command = state.commands().create("1", 1, 0, new byte[] {1}, CommandLedger.SENDING);
    assertThat(state.commands().responseState("1", command.uuid())).isEqualTo(CommandLedger.ResponseState.NOT_REPLIED);
    state.commands().advance(command.uuid(), CommandLedger.REPLIED, new byte[] {2});
    clock.advance(Duration.ofMillis(CommandLedger.RESPONSE_RETENTION_MILLIS - 1));
    assertThat(state.commands().responseState("1", command.uuid())).isEqualTo(CommandLedger.ResponseState.READY);
    clock.advance(Duration.ofMillis(1));
    assertThat(state.commands().responseState("1", command.uuid())).isEqualTo(CommandLedger.ResponseState.EXPIRED);
    assertThat(state.commands().responseState("2", command.uuid())).isEqualTo(CommandLedger.ResponseState.NOT_FOUND);
  }

  @Test
  void shouldExpirePageKeysAfterFiveMinutes() {
    String key = state.stats().openPages(java.util.List.of(new JsonObject().put("a", 1)));
    clock.advance(Duration.ofMillis(StatRegistry.PAGE_KEY_LIFETIME_MILLIS - 1));
    assertThat(state.stats().pages(key)).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(state.stats().pages(key)).isEmpty();
  }
}
