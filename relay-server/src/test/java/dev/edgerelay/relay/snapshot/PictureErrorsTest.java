package dev.edgerelay.relay.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.recorder.picture.PictureStore;
import dev.edgerelay.recorder.outbox.OutboxFullException;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeErrno;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Each refusal of the store or the outbox answers its own errno, even when a future wrapped it. */
class PictureErrorsTest {
  @Test
  void shouldAnswerEachRefusalWithItsErrnoAndLeaveOtherFailuresToTheCaller() {
    ApiError taken = PictureRoutes.storeError(new PictureStore.RefusedException(PictureStore.Refusal.NAME_TAKEN, "t"));
    ApiError full = PictureRoutes.storeError(new PictureStore.RefusedException(PictureStore.Refusal.CHANNEL_FULL, "f"));
    ApiError outbox = PictureRoutes.storeError(new CompletionException(new OutboxFullException(5)));

    assertThat(taken.errno()).isEqualTo(EdgeErrno.PICTURE_NAME_TAKEN);
    assertThat(full.errno()).isEqualTo(EdgeErrno.LIMIT_REACHED);
    assertThat(outbox.errno()).isEqualTo(EdgeErrno.OUTBOX_FULL);
    assertThat(outbox.httpStatus()).isEqualTo(503);
    assertThat(outbox.message()).contains("stored on the edge").contains("--upload-max-items");
    assertThat(PictureRoutes.storeError(new IllegalStateException("decoder"))).isNull();
  }
}
