package dev.edgerelay.relay.vod;

import dev.edgerelay.media.hls.MediaPlaylist;
import dev.edgerelay.media.hls.PlaylistWriter;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.vod.VodPlaylists;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.http.Cors;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.RequestParams;
import dev.edgerelay.relay.http.RouteAnswer;
import dev.edgerelay.relay.record.RecordingService;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Playback of recordings over HLS: one video's VOD playlist at {@code /vod/{dev}-{ch}-{videoId}/index.m3u8}
 * (hls_url of spec 6.1) and any time range at {@code /rvod/{dev}-{ch}-{begin}-{end}/index.m3u8} (spec 4.1),
 * across segments and videos; segment files served with HTTP Range (RFC 9110 14). Tokens as for live.
 */
public final class VodPlayRoutes {
  static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
  static final String SEGMENT_TYPE = "video/mp2t";
  /** Recorded segments never change once finished (retention deletes, never rewrites). */
  static final String SEGMENT_CACHE = "public, max-age=3600, immutable";
  private static final Pattern VOD_DIR = Pattern.compile("([A-Za-z0-9]{1,64}-\\d{1,9})-(\\d{1,18})");
  private static final Pattern SEGMENT = Pattern.compile("(\\d{1,18})\\.ts");

  private final RecordingService recorder;
  private final SiteFanout fanout;
  private final VodAccess access;
  private final ZoneId zone;

  /** @param fanout asks every node of the site for its segments of an rvod range */
  public VodPlayRoutes(RecordingService recorder, SiteFanout fanout, VodAccess access, ZoneId zone) {
    this.recorder = recorder;
    this.fanout = fanout;
    this.access = access;
    this.zone = zone;
  }

  public void mount(Router router) {
    router.route("/vod/*").handler(Cors::handle);
    router.route("/rvod/*").handler(Cors::handle);
    router.get("/vod/:dir/index.m3u8").handler(this::videoPlaylist);
    router.get("/vod/:dir/:segment").handler(this::videoSegment);
    router.get("/rvod/:dir/index.m3u8").handler(this::rangePlaylist);
    router.get("/rvod/:dir/:segment").handler(this::rangeSegment);
  }

  /** A video's channel and id from {@code dev-ch-videoId}. */
  private record VideoPath(ChannelRef channel, long videoId) {}

  private static VideoPath videoPath(RoutingContext ctx) {
    Matcher m = VOD_DIR.matcher(ctx.pathParam("dir"));
    if (!m.matches()) {
      throw ApiError.notFound("no video at " + RequestParams.shown(ctx.request().path())
          + ": the path is /vod/{device_id}-{channel_id}-{video_id}/index.m3u8 (hls_url of get_video_info)").exception();
    }
    return new VideoPath(VodAccess.channel(m.group(1), RequestParams.shown(ctx.request().path())), Long.parseLong(m.group(2)));
  }

  private RangeName rangePath(RoutingContext ctx) {
    return RangeName.parse(ctx.pathParam("dir"), RequestParams.shown(ctx.request().path()), zone);
  }

  private void videoPlaylist(RoutingContext ctx) {
    VideoPath p = videoPath(ctx);
    String token = access.authorize(ctx, p.channel(), Long.toString(p.videoId()));
    String query = token.isEmpty() ? "" : "?" + token;
    Function<SegmentRecord, String> uri = s -> s.startMillis() + ".ts" + query;
    recorder.blocking(() -> {
      List<SegmentRecord> segments = recorder.catalog().videoSegments(p.channel(), p.videoId()).orElseThrow(() ->
          new ApiError(404, EdgeErrno.VIDEO_NOT_FOUND, "video " + p.videoId() + " of " + p.channel()
              + " does not exist (deleted, or expired by retention)").exception());
      // a video still being recorded is an EVENT playlist without an end, so players reload it as it grows
      return recorder.stillRecording(p.channel(), segments)
          ? VodPlaylists.growing(segments, uri, recorder.eventTargetSeconds()) : VodPlaylists.build(segments, uri);
    }).onComplete(RouteAnswer.with(ctx, playlist -> answerPlaylist(ctx, playlist)));
  }

  /**
   * A time range over the segments of every node of the site, merged by time ({@link SiteTimeline}); another node's
   * segments are absolute URIs at that node, whose rvod routes accept the same token (one key for the site).
   */
  private void rangePlaylist(RoutingContext ctx) {
    RangeName p = rangePath(ctx);
    String token = access.authorize(ctx, p.channel(), VodAccess.RVOD_SCOPE);
    String self = fanout.selfName();
    String query = token.isEmpty() ? "" : "?" + token;
    String dir = ctx.pathParam("dir");
    fanout.ask(HeldRecordings.TOPIC, SiteTimeline.request(p)).onComplete(RouteAnswer.with(ctx, answers -> {
      List<SiteTimeline.HeldSegment> chosen = SiteTimeline.withoutOverlaps(SiteTimeline.collect(answers));
      if (chosen.isEmpty()) {
        throw new ApiError(404, EdgeErrno.RECORDING_RANGE_EMPTY, "nothing of " + p.channel()
            + " was recorded in this range" + (answers.partial() ? " on the nodes that answered (not answering: "
                + String.join(", ", answers.missing()) + ")" : "") + ": get_video_list shows what there is").exception();
      }
      MediaPlaylist playlist = SiteTimeline.playlist(chosen, s -> (s.node().equals(self) ? ""
          : "http://" + fanout.httpOf(s.node()) + "/rvod/" + dir + "/") + s.startMillis() + ".ts" + query);
      answerPlaylist(ctx, playlist);
    }));
  }

  private static void answerPlaylist(RoutingContext ctx, MediaPlaylist playlist) {
    ctx.response().putHeader("content-type", PLAYLIST_TYPE).putHeader("cache-control", "no-cache")
        .end(PlaylistWriter.write(playlist));
  }

  private void videoSegment(RoutingContext ctx) {
    VideoPath p = videoPath(ctx);
    access.authorize(ctx, p.channel(), Long.toString(p.videoId()));
    serveSegment(ctx, p.channel(), p.videoId());
  }

  private void rangeSegment(RoutingContext ctx) {
    RangeName p = rangePath(ctx);
    access.authorize(ctx, p.channel(), VodAccess.RVOD_SCOPE);
    serveSegment(ctx, p.channel(), -1);
  }

  /** Serves one segment file, whole or the byte range asked (206), 416 for a range past its end. */
  private void serveSegment(RoutingContext ctx, ChannelRef channel, long videoId) {
    Matcher m = SEGMENT.matcher(ctx.pathParam("segment"));
    if (!m.matches()) {
      throw ApiError.notFound("no segment " + RequestParams.shown(ctx.pathParam("segment"))
          + ": segments are {start_millis}.ts").exception();
    }
    long start = Long.parseLong(m.group(1));
    recorder.blocking(() -> {
      SegmentRecord s = recorder.catalog().segment(channel, start)
          .filter(r -> videoId < 0 || r.videoId() == videoId)
          .orElseThrow(() -> ApiError.notFound("segment " + start + " of " + channel
              + " is gone (deleted or expired by retention): reload the playlist").exception());
      Path file = recorder.catalog().file(s);
      return new Object[] {file, Files.size(file)};
    }).onComplete(RouteAnswer.with(ctx, failure -> failure instanceof NoSuchFileException
        ? ApiError.notFound("segment " + start + " of " + channel + " is gone: reload the playlist").exception()
        : failure, found -> sendFile(ctx, (Path) found[0], (Long) found[1])));
  }

  static void sendFile(RoutingContext ctx, Path file, long size) {
    HttpServerResponse response = ctx.response().putHeader("content-type", SEGMENT_TYPE)
        .putHeader("cache-control", SEGMENT_CACHE).putHeader("accept-ranges", "bytes");
    ByteRange range = ByteRange.parse(ctx.request().getHeader("range"), size);
    if (range == ByteRange.UNSATISFIABLE) {
      response.putHeader("content-range", "bytes */" + size).setStatusCode(416).end();
    } else if (range == null) {
      response.sendFile(file.toString());
    } else {
      response.setStatusCode(206).putHeader("content-range", range.contentRange(size))
          .sendFile(file.toString(), range.offset(), range.length());
    }
  }
}
