package dev.edgerelay.relay.vod;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.vod.Mp4Export;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.RequestParams;
import dev.edgerelay.relay.http.RouteAnswer;
import dev.edgerelay.relay.record.RecordingService;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /edge/export?device_id&channel_id&begin&end}: a fast-start MP4 of a recorded range, remuxed
 * without transcoding ({@link Mp4Export}), cut at segment boundaries. Written to a temporary file under
 * {@code data.dir/export} (fast start needs a second pass over the file), streamed, then deleted. On a site of
 * nodes the file is this node's part of the range; {@link #ALSO_HELD_HEADER} names the nodes holding the rest.
 */
public final class ExportRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ExportRoutes.class);
  /** Exports running at once: each holds a worker for the remux. */
  public static final int MAX_CONCURRENT_EXPORTS = 2;

  /**
   * Names the other nodes holding parts of the range, {@code name=host:port} comma-separated: the file holds only
   * this node's part, and each of those exports its own.
   */
  public static final String ALSO_HELD_HEADER = "x-edge-also-held-by";
  /** Names the nodes that did not answer in time: parts of the range may be there too. */
  public static final String UNAVAILABLE_HEADER = "x-edge-unavailable-nodes";

  private final RecordingService recorder;
  private final SiteFanout fanout;
  private final VodAccess access;
  private final Path exportDir;
  private final ZoneId zone;
  private final AtomicInteger running = new AtomicInteger();

  public ExportRoutes(RecordingService recorder, SiteFanout fanout, VodAccess access, Path exportDir, ZoneId zone) {
    this.recorder = recorder;
    this.fanout = fanout;
    this.access = access;
    this.exportDir = exportDir;
    this.zone = zone;
  }

  public void mount(Router router) {
    router.get("/edge/export").handler(this::export);
  }

  private void export(RoutingContext ctx) {
    RequestParams params = new RequestParams(ctx);
    String device = params.required("device_id");
    int channelId = params.requiredInt("channel_id", 0, Integer.MAX_VALUE);
    TimeRange range = TimeRange.ofDigits(params.required("begin"), params.required("end"), zone);
    ChannelRef channel = RequestParams.channel(device, channelId);
    access.authorize(ctx, channel, VodAccess.RVOD_SCOPE);
    if (running.incrementAndGet() > MAX_CONCURRENT_EXPORTS) {
      running.decrementAndGet();
      throw new ApiError(503, EdgeErrno.EXPORT_BUSY, MAX_CONCURRENT_EXPORTS
          + " exports are running: try again when one has finished").exception();
    }
    String begin = params.required("begin");
    String end = params.required("end");
    // on a site of nodes, other nodes may hold parts of the range: the file is this node's part, and the answer
    // names the nodes holding the rest (docs/architecture.md, "Cluster: VOD across nodes")
    RangeHolders.of(fanout, new RangeName(channel, range))
        .onComplete(holders -> exportHere(ctx, channel, range, begin, end, holders.result()));
  }

  private void exportHere(RoutingContext ctx, ChannelRef channel, TimeRange range, String begin, String end,
      RangeHolders elsewhere) {
    Path out = exportDir.resolve("export-" + UUID.randomUUID() + ".mp4");
    recorder.blocking(() -> {
      List<SegmentRecord> segments = recorder.catalog().segments(channel, range.fromMillis(), range.toMillis());
      if (segments.isEmpty()) {
        throw new ApiError(404, EdgeErrno.RECORDING_RANGE_EMPTY, "nothing of " + channel + " was recorded on this "
            + "node between " + begin + " and " + end + elsewhere.sentence() + ": nothing to export here").exception();
      }
      Files.createDirectories(exportDir);
      Mp4Export.export(segments.stream().map(recorder.catalog()::file).toList(), out);
      return Files.size(out);
    }).onComplete(ar -> running.decrementAndGet()).onComplete(RouteAnswer.with(ctx, failure -> {
      deleteQuietly(out);
      return failure;
    }, size -> {
      String name = channel + "-" + begin + "-" + end + ".mp4";
      if (!elsewhere.holders().isEmpty()) {
        ctx.response().putHeader(ALSO_HELD_HEADER, elsewhere.holders());
      }
      if (!elsewhere.unavailable().isEmpty()) {
        ctx.response().putHeader(UNAVAILABLE_HEADER, elsewhere.unavailable());
      }
      ctx.response().putHeader("content-type", "video/mp4")
          .putHeader("content-disposition", "attachment; filename=\"" + name + "\"")
          .sendFile(out.toString()).onComplete(sent -> deleteQuietly(out));
    }));
  }

  private void deleteQuietly(Path file) {
    recorder.blocking(() -> Files.deleteIfExists(file)).onFailure(e -> LOG.warn("cannot delete {}: {}", file,
        e.getMessage()));
  }
}
