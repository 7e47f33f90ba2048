package dev.edgerelay.relay.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The recording intent's last-writer-wins rule and its wire form, and a node alone keeping its own intents. */
@ExtendWith(VertxExtension.class)
class RecordingIntentTest {
  static final RecordingIntent ON_AT_10_BY_A = new RecordingIntent(true, 10, "box-a");

  @Test
  void theLaterTimeShouldWinThenTheGreaterNodeNameSoEveryNodePicksTheSameWinner() {
    RecordingIntent offAt11 = new RecordingIntent(false, 11, "box-a");
    RecordingIntent offAt10ByB = new RecordingIntent(false, 10, "box-b");

    assertThat(offAt11.newerThan(ON_AT_10_BY_A)).isTrue();
    assertThat(ON_AT_10_BY_A.newerThan(offAt11)).isFalse();
    assertThat(offAt10ByB.newerThan(ON_AT_10_BY_A)).isTrue();
    assertThat(ON_AT_10_BY_A.newerThan(offAt10ByB)).isFalse();
    assertThat(ON_AT_10_BY_A.newerThan(ON_AT_10_BY_A)).as("the same intent again changes nothing").isFalse();
    assertThat(ON_AT_10_BY_A.newerThan(null)).isTrue();
  }

  @Test
  void shouldReadBackTheJsonTextTheSharedMapHolds() {
    String text = ON_AT_10_BY_A.encode();

    assertThat(text).isEqualTo("{\"on\":true,\"updated_at\":10,\"by\":\"box-a\"}");
    assertThat(RecordingIntent.decode(text)).isEqualTo(ON_AT_10_BY_A);
  }

  @Test
  void aNodeAloneShouldKeepTheNewestIntentAndTellItsListenersOfAChangeOnly(Vertx vertx) {
    SingleNode alone = new SingleNode("box-a");
    AtomicInteger told = new AtomicInteger();
    Await.result(Future.<Void>future(p -> vertx.getOrCreateContext().runOnContext(v -> {
      alone.onChange(told::incrementAndGet);
      p.complete();
    })).toCompletionStage());
    StreamKey key = new StreamKey("4001", 0);

    Await.result(alone.offerIntent(key.rtmpName(), ON_AT_10_BY_A).toCompletionStage());
    Await.result(alone.offerIntent(key.rtmpName(), new RecordingIntent(false, 9, "box-z")).toCompletionStage());

    assertThat(alone.recorded(key)).as("an older 'off' loses").isTrue();
    assertThat(alone.intents()).containsEntry(key.rtmpName(), ON_AT_10_BY_A);
    Eventually.until("the listener told of the change", Duration.ofSeconds(5), () -> told.get() == 1);
    assertThat(alone.originOf(key).local()).isTrue();
  }
}
