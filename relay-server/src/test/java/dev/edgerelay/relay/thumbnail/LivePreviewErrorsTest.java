package dev.edgerelay.relay.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.hub.HubFullException;
import dev.edgerelay.relay.hub.StreamKey;
import org.junit.jupiter.api.Test;

/** Each way a thumbnail fails answers its own HTTP status and errno (a clear errno, quickly). */
class LivePreviewErrorsTest {
  private static final StreamKey KEY = new StreamKey("1001", 1);

  private static ApiError answer(Throwable cause) {
    return LivePreviewRoutes.errorFor(KEY, cause);
  }

  @Test
  void shouldAnswerEachFailureWithItsStatusAndErrno() {
    ApiError busy = answer(new ThumbnailException(ThumbnailException.Reason.BUSY, "thumbnail pool busy, retry: 2 and 32"));
    ApiError decode = answer(new ThumbnailException(ThumbnailException.Reason.DECODE_FAILED, "could not decode"));
    ApiError cold = answer(new ThumbnailException(ThumbnailException.Reason.NO_KEYFRAME, "no keyframe within 10000 ms"));
    ApiError full = answer(new HubFullException(1000));

    assertThat(busy).isEqualTo(new ApiError(503, EdgeErrno.THUMBNAIL_BUSY, "thumbnail pool busy, retry: 2 and 32"));
    assertThat(decode.httpStatus()).isEqualTo(500);
    assertThat(decode.errno()).isEqualTo(EdgeErrno.THUMBNAIL_FAILED);
    assertThat(decode.message()).contains("1001-1").contains("could not decode").endsWith("retry after the next keyframe");
    assertThat(cold).isEqualTo(new ApiError(503, EdgeErrno.STREAM_UNAVAILABLE, "no keyframe within 10000 ms"));
    assertThat(full.httpStatus()).isEqualTo(503);
    assertThat(full.errno()).isEqualTo(EdgeErrno.CAPACITY);
  }
}
