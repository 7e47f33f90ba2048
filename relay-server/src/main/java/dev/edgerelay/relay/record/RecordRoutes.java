package dev.edgerelay.relay.record;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.catalog.RecordingCatalog;
import dev.edgerelay.relay.channels.ChannelDirectory;
import dev.edgerelay.relay.http.ApiEnvelope;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.RequestParams;
import dev.edgerelay.relay.http.RouteAnswer;
import dev.edgerelay.relay.http.ServedChannels;
import dev.edgerelay.relay.hub.HubFullException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * {@code /ipc/video/record/record_video} (spec: start {@code action=1} / stop {@code action=0} recording
 * a channel on this edge) and {@code /edge/storage} (used, free, quota, oldest and newest per channel).
 */
public final class RecordRoutes {
  private final RecordingService recorder;
  private final ChannelDirectory directory;
  private final EdgeAuth auth;
  private final String productId;

  /** @param productId the edge's product: record_video refuses another */
  public RecordRoutes(RecordingService recorder, ChannelDirectory directory, EdgeAuth auth, String productId) {
    this.recorder = recorder;
    this.directory = directory;
    this.auth = auth;
    this.productId = productId;
  }

  public void mount(Router router) {
    router.get("/ipc/video/record/record_video").handler(this::recordVideo);
    router.get("/edge/storage").handler(this::storage);
  }

  private void recordVideo(RoutingContext ctx) {
    RequestParams params = new RequestParams(ctx);
    String deviceId = params.required("device_id");
    auth.callerFor(ctx, deviceId);
    int channelId = params.requiredInt("channel_id", 0, Integer.MAX_VALUE);
    int action = params.requiredInt("action", 0, 1);
    String productId = params.optional("product_id");
    if (productId != null && !productId.equals(this.productId)) {
      // spec 12 names the product; a request for another product would otherwise act on this one's channel
      throw new ApiError(200, EdgeErrno.PRODUCT_UNKNOWN, "product_id " + RequestParams.shown(productId)
          + " is not this edge's product (" + this.productId + "): send " + this.productId + " or leave it out")
          .exception();
    }
    ServedChannels.require(directory, deviceId, channelId, "check the ids");
    ChannelRef channel = new ChannelRef(deviceId, channelId);
    try {
      (action == 1 ? recorder.start(channel) : recorder.stop(channel)).onComplete(RouteAnswer.with(ctx,
          failure -> failure instanceof HubFullException e ? new ApiError(503, EdgeErrno.CAPACITY, e.getMessage())
              .exception() : failure,
          done -> ApiEnvelope.sendOk(ctx.response(), null)));
    } catch (HubFullException e) {
      throw new ApiError(503, EdgeErrno.CAPACITY, e.getMessage()).exception();
    }
  }

  /**
   * A channel's recording facts, as {@code /edge/storage} lists them and {@code /edge/channels} shows them per
   * channel: its state, segments, the early cuts of a disk that fell behind, and its recorder's failures.
   */
  public static JsonObject facts(RecordingService.ChannelState s) {
    return new JsonObject().put("state", s.state()).put("segments", s.segments()).put("early_cuts", s.earlyCuts())
        .put("skipped_units", s.skippedUnits()).put("abandoned_segments", s.abandonedSegments())
        .put("failures", s.failures()).put("last_failure", s.lastFailure())
        .put("next_retry", s.nextRetryMillis() == 0 ? null : Instant.ofEpochMilli(s.nextRetryMillis()).toString());
  }

  /** {@link #facts} of {@code channel}, or null when it does not record. */
  public static JsonObject facts(RecordingService recorder, ChannelRef channel) {
    RecordingService.ChannelState s = recorder.state(channel);
    return s == null ? null : facts(s);
  }

  private void storage(RoutingContext ctx) {
    auth.master(ctx);
    recorder.blocking(() -> {
      RecordingCatalog catalog = recorder.catalog();
      JsonArray channels = new JsonArray();
      for (RecordingCatalog.ChannelSpan c : catalog.channels()) {
        channels.add(new JsonObject().put("device_id", c.channel().deviceId()).put("channel_id", c.channel().channelId())
            .put("oldest", Instant.ofEpochMilli(c.oldestMillis()).toString())
            .put("newest", Instant.ofEpochMilli(c.newestMillis()).toString()));
      }
      JsonArray recording = new JsonArray();
      recorder.states().forEach(s -> recording.add(new JsonObject().put("device_id", s.channel().deviceId())
          .put("channel_id", s.channel().channelId()).mergeIn(facts(s))));
      return new JsonObject().put("used_bytes", catalog.usedBytes())
          .put("free_bytes", catalog.freeBytes())
          .put("quota_bytes", recorder.retention().policy().quotaBytes())
          .put("min_free_bytes", recorder.retention().policy().minFreeBytes())
          .put("max_age_ms", recorder.retention().policy().maxAgeMillis()) // 0: kept until space runs out
          .put("lost_before_upload", recorder.retention().lostPinnedTotal())
          .put("channels", channels).put("recording", recording);
    }).onComplete(RouteAnswer.with(ctx, storage -> ApiEnvelope.sendOk(ctx.response(), storage)));
  }
}
