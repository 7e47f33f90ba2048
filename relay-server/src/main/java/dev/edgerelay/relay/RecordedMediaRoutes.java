package dev.edgerelay.relay;

import dev.edgerelay.relay.channels.ChannelDirectory;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.http.EdgeAuth;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.record.RecordRoutes;
import dev.edgerelay.relay.record.RecordingService;
import dev.edgerelay.relay.rtmp.LanRtmpServer;
import dev.edgerelay.relay.rtmp.RecordedPlayOptions;
import dev.edgerelay.relay.rtmp.RecordedPlays;
import dev.edgerelay.relay.token.PlayTokens;
import dev.edgerelay.relay.vod.ExportRoutes;
import dev.edgerelay.relay.vod.HeldRecordings;
import dev.edgerelay.relay.vod.VodAccess;
import dev.edgerelay.relay.vod.VodApiRoutes;
import dev.edgerelay.relay.vod.VodPlayRoutes;
import io.vertx.ext.web.Router;
import java.time.ZoneId;

/**
 * Wires what serves the recordings once the recorder is open: record_video and storage, this node's answer to the
 * site's VOD fan-out, the VOD API (spec 6), HLS VOD and rvod (spec 4.1), RTMP rvod and MP4 export, all in the node's
 * zone ({@code --time-zone}) and over every node's recordings (docs/architecture.md, "Cluster: VOD across nodes").
 */
final class RecordedMediaRoutes {
  private RecordedMediaRoutes() {}

  /** Mounts the routes on {@code router} and the rvod application on {@code lanRtmp}; returns the RTMP plays. */
  static RecordedPlays mount(Router router, NodeOptions options, RecordingService service, ChannelDirectory directory,
      EdgeAuth auth, PlayTokens tokens, SiteFanout fanout, LanRtmpServer lanRtmp, NodeAddress address) {
    ZoneId zone = options.zone();
    VodAccess access = new VodAccess(auth, tokens);
    new RecordRoutes(service, directory, auth, options.platform().productId()).mount(router);
    fanout.serve(HeldRecordings.TOPIC, new HeldRecordings(service, address, zone)::answer);
    new VodApiRoutes(fanout, auth, access, zone).mount(router, options.http().maxJsonBodyBytes());
    new VodPlayRoutes(service, fanout, access, zone).mount(router);
    RecordedPlays plays = new RecordedPlays(service, fanout, access, zone, new RecordedPlayOptions(
        options.recorder().rtmpReadAheadBytes(), RecordedPlayOptions.DEFAULT_READ_CHUNK_BYTES,
        options.recorder().rtmpLeadMs(), RecordedPlayOptions.DEFAULT_MAX_PLAYS));
    lanRtmp.serve(RecordedPlays.APP, plays);
    new ExportRoutes(service, fanout, access, options.dataDir().resolve("export"), zone).mount(router);
    return plays;
  }
}
