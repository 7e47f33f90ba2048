package dev.edgerelay.relay.upload;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.outbox.NotParkedException;
import dev.edgerelay.recorder.outbox.OutboxFullException;
import dev.edgerelay.recorder.outbox.OutboxItem;
import dev.edgerelay.recorder.outbox.OutboxState;
import dev.edgerelay.recorder.outbox.OutboxStats;
import dev.edgerelay.relay.http.ApiEnvelope;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.RouteAnswer;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.RequestParams;
import dev.edgerelay.relay.vod.TimeRange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/**
 * {@code GET /edge/outbox} (counts by state, oldest pending age, bytes pending, recent failures and the
 * parked items with their ids and reasons), {@code POST /edge/upload} (a video by {@code video_id}, or
 * {@code begin}/{@code end} as 14 digits like rvod), and the operator's hands on parked items:
 * {@code POST /edge/outbox/retry[?id=]} (one, or all) and {@code POST /edge/outbox/discard?id=}; all for the
 * master key.
 */
public final class OutboxRoutes {
  /** Parked items listed by {@code GET /edge/outbox}; the counts cover all of them. */
  static final int PARKED_SHOWN = 100;

  private final UploadService uploads;
  private final EdgeAuth auth;
  private final ZoneId zone;

  public OutboxRoutes(UploadService uploads, EdgeAuth auth, ZoneId zone) {
    this.uploads = uploads;
    this.auth = auth;
    this.zone = zone;
  }

  public void mount(Router router) {
    router.get("/edge/outbox").handler(this::outbox);
    router.post("/edge/upload").handler(this::upload);
    router.post("/edge/outbox/retry").handler(this::retry);
    router.post("/edge/outbox/discard").handler(this::discard);
  }

  /** Parked items sent again, due now: {@code id} one of them, none every one. */
  private void retry(RoutingContext ctx) {
    auth.master(ctx);
    Long id = new RequestParams(ctx).optional("id") == null ? null : itemId(ctx);
    uploads.retryParked(id).onComplete(RouteAnswer.with(ctx, OutboxRoutes::itemFailure, retried -> {
      JsonArray items = new JsonArray();
      retried.forEach(i -> items.add(json(i)));
      ApiEnvelope.sendOk(ctx.response(), new JsonObject().put("retried", items.size()).put("items", items));
    }));
  }

  /** A parked item dropped for good: out of the outbox, its file no longer kept for upload. */
  private void discard(RoutingContext ctx) {
    auth.master(ctx);
    uploads.discardParked(itemId(ctx)).onComplete(RouteAnswer.with(ctx, OutboxRoutes::itemFailure,
        item -> ApiEnvelope.sendOk(ctx.response(), new JsonObject().put("discarded", json(item)))));
  }

  private static long itemId(RoutingContext ctx) {
    String id = new RequestParams(ctx).required("id");
    try {
      return Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      throw ApiError.invalid("id must be an outbox item id (a whole number, GET /edge/outbox), got '" + id + "'")
          .exception();
    }
  }

  /** A retry or discard of an item that is not there or not parked answers its own errno. */
  private static Throwable itemFailure(Throwable failure) {
    Throwable err = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
    if (err instanceof NotParkedException e) {
      return new ApiError(200, e.exists() ? EdgeErrno.OUTBOX_ITEM_NOT_PARKED : EdgeErrno.OUTBOX_ITEM_NOT_FOUND,
          e.getMessage()).exception();
    }
    return err;
  }

  private void outbox(RoutingContext ctx) {
    auth.master(ctx);
    Future.all(uploads.stats(), uploads.items()).onComplete(RouteAnswer.with(ctx, all -> {
      OutboxStats stats = all.resultAt(0);
      List<OutboxItem> items = all.resultAt(1);
      JsonArray parked = new JsonArray();
      items.stream().filter(i -> i.state() == OutboxState.PARKED).limit(PARKED_SHOWN).forEach(i -> parked.add(json(i)));
      ApiEnvelope.sendOk(ctx.response(), json(stats).put("parked_items", parked));
    }));
  }

  static JsonObject json(OutboxStats stats) {
    JsonArray failures = new JsonArray();
    stats.recentFailures().forEach(f -> failures.add(new JsonObject().put("name", f.name()).put("reason", f.reason())
        .put("parked", f.parked()).put("at", Instant.ofEpochMilli(f.atMillis()).toString())));
    return new JsonObject().put("pending", stats.pending()).put("in_flight", stats.inFlight())
        .put("done", stats.done()).put("parked", stats.parked())
        .put("oldest_pending_age_s", stats.oldestPendingAgeSeconds()).put("bytes_pending", stats.bytesPending())
        .put("refused", stats.refused()).put("recent_failures", failures);
  }

  static JsonObject json(OutboxItem item) {
    return new JsonObject().put("id", item.sequence()).put("kind", item.kind().name().toLowerCase(Locale.ROOT)).put("name", item.target().name())
        .put("state", item.state().wireName()).put("attempts", item.attempts()).put("size", item.sizeBytes())
        .put("reason", item.lastError());
  }

  private void upload(RoutingContext ctx) {
    auth.master(ctx);
    RequestParams params = new RequestParams(ctx);
    ChannelRef channel;
    try {
      channel = new ChannelRef(params.required("device_id"), params.requiredInt("channel_id", 0, Integer.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(e.getMessage()).exception();
    }
    if (uploads.policy(channel) == UploadPolicy.NONE) {
      throw new ApiError(200, EdgeErrno.UPLOAD_DISABLED, "channel " + channel + " uploads nothing (policy none): "
          + "set --upload-channels " + channel + "=on-request").exception();
    }
    String videoId = params.optional("video_id", "videoid");
    Future<List<OutboxItem>> queued;
    if (videoId != null) {
      long id;
      try {
        id = Long.parseLong(videoId.trim());
      } catch (NumberFormatException e) {
        throw ApiError.invalid("video_id must be a whole number, got '" + videoId + "'").exception();
      }
      queued = uploads.queueVideo(channel, id).map(found -> found.orElseThrow(() -> new ApiError(200,
          EdgeErrno.VIDEO_NOT_FOUND, "no recording with video_id " + videoId + " on " + channel
          + ": get_video_list gives the ids").exception()));
    } else {
      TimeRange range = TimeRange.ofDigits(params.required("begin"), params.required("end"), zone);
      queued = uploads.queueRange(channel, range.fromMillis(), range.toMillis());
    }
    queued.onComplete(RouteAnswer.with(ctx, failure -> failure instanceof OutboxFullException e
        ? new ApiError(503, EdgeErrno.OUTBOX_FULL, e.getMessage()).exception() : failure, found -> {
          if (found.isEmpty() && videoId == null) {
            throw new ApiError(200, EdgeErrno.RECORDING_RANGE_EMPTY, "nothing was recorded on " + channel
                + " in that range").exception();
          }
          JsonArray items = new JsonArray();
          found.forEach(i -> items.add(json(i)));
          ApiEnvelope.sendOk(ctx.response(), new JsonObject().put("queued", items.size()).put("items", items));
        }));
  }
}
