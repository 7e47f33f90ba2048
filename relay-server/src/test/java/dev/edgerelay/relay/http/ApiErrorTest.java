package dev.edgerelay.relay.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The status a media route answers for each kind of error, and which failure messages a client may read. */
class ApiErrorTest {
  private static int mediaStatus(int errno) {
    return new ApiError(200, errno, "m").onMediaRoute().httpStatus();
  }

  @Test
  void shouldAnswerOnMediaRoutesTheStatusOfEachKindOfError() {
    assertThat(mediaStatus(EdgeErrno.AUTH_MISSING)).isEqualTo(403);
    assertThat(mediaStatus(EdgeErrno.AUTH_INVALID)).isEqualTo(403);
    assertThat(mediaStatus(EdgeErrno.AUTH_OTHER_DEVICE)).isEqualTo(403);
    assertThat(mediaStatus(EdgeErrno.TOKEN_INVALID)).isEqualTo(403);
    assertThat(mediaStatus(EdgeErrno.PARAM_MISSING)).isEqualTo(400);
    assertThat(mediaStatus(EdgeErrno.PARAM_INVALID)).isEqualTo(400);
    assertThat(mediaStatus(EdgeErrno.NAME_SPECIAL_CHARACTERS)).isEqualTo(400);
    assertThat(mediaStatus(EdgeErrno.VIDEO_NOT_FOUND)).isEqualTo(404);
    assertThat(mediaStatus(EdgeErrno.PICTURE_NOT_FOUND)).isEqualTo(404);
    assertThat(mediaStatus(EdgeErrno.RECORDING_RANGE_EMPTY)).isEqualTo(404);
    assertThat(mediaStatus(EdgeErrno.DEVICE_NOT_FOUND)).isEqualTo(404);
    assertThat(mediaStatus(EdgeErrno.CAPACITY)).isEqualTo(503);
    assertThat(mediaStatus(EdgeErrno.STREAM_UNAVAILABLE)).isEqualTo(503);
    ApiError internal = ApiError.internal("x");
    assertThat(internal.onMediaRoute()).as("a status already set stays").isSameAs(internal);
  }

  @Test
  void shouldPassOnOwnSentencesAndHostNamesButNotClassNames() {
    assertThat(ApiError.causeText(new IOException("the platform at api-video.heclouds.com answered 502")))
        .isEqualTo("the platform at api-video.heclouds.com answered 502");
    assertThat(ApiError.causeText(new IllegalStateException(
        "Cannot invoke \"dev.edgerelay.relay.hub.Stream.reader()\" because \"s\" is null")))
        .isEqualTo("an internal failure; the node's log has the detail");
    assertThat(ApiError.causeText(new RuntimeException(new IOException("x")))).doesNotContain("java.io");
    assertThat(ApiError.causeText(new RuntimeException())).contains("log");
  }
}
