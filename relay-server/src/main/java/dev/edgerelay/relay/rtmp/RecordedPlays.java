package dev.edgerelay.relay.rtmp;

import dev.edgerelay.media.rtmp.server.Playback;
import dev.edgerelay.media.rtmp.server.PlaybackProvider;
import dev.edgerelay.media.rtmp.server.PlayerChannel;
import dev.edgerelay.media.rtmp.server.RtmpRequest;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.http.ApiException;
import dev.edgerelay.relay.record.RecordingService;
import dev.edgerelay.relay.vod.RangeName;
import dev.edgerelay.relay.vod.VodAccess;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code rvod} application of the node's RTMP server: recorded RTMP of spec 4.1,
 * {@code rtmp://node/rvod/{dev}-{ch}-{begin}-{end}?{token}} as get_video_info's rtmp_url gives it. Names
 * and access are the HLS rvod route's: the same {@link RangeName} parsing, a play token of scope
 * {@link VodAccess#RVOD_SCOPE} (raw or {@code token=}), or {@code key=} with the master or device key.
 */
public final class RecordedPlays implements PlaybackProvider {
  /** The application rtmp_url names (spec 4.1). */
  public static final String APP = "rvod";

  private final RecordingService recorder;
  private final SiteFanout fanout;
  private final VodAccess access;
  private final ZoneId zone;
  private final RecordedPlayOptions options;
  private final Counters counters = new Counters(new AtomicInteger(), new LongAdder());

  /** What the node's metrics and tests see of recorded plays. */
  record Counters(AtomicInteger playing, LongAdder seeks) {}

  /** @param fanout names the other nodes holding parts of a range; a play serves this node's part */
  public RecordedPlays(RecordingService recorder, SiteFanout fanout, VodAccess access, ZoneId zone,
      RecordedPlayOptions options) {
    this.recorder = recorder;
    this.fanout = fanout;
    this.access = access;
    this.zone = zone;
    this.options = options;
  }

  @Override
  public String deny(RtmpRequest request) {
    try {
      RangeName range = RangeName.parse(request.streamName(), "rtmp://node/" + APP + "/" + request.streamName(), zone);
      if (counters.playing().get() >= options.maxPlays()) { // checked per play, not reserved: may pass by a few
        return "this node already plays " + options.maxPlays() + " recordings, the most it serves at once: "
            + "play again when one ends, or use the rvod HLS playlist";
      }
      return access.problem(range.channel(), VodAccess.RVOD_SCOPE, LanRtmpServer.tokenOf(request.query()),
          LanRtmpServer.keyOf(request.query()));
    } catch (ApiException e) {
      return e.getMessage();
    }
  }

  @Override
  public Playback start(RtmpRequest request, PlayerChannel player) {
    RangeName range = RangeName.parse(request.streamName(), request.streamName(), zone); // admitted by deny
    counters.playing().incrementAndGet();
    RecordedPlayback playback = new RecordedPlayback(recorder, fanout, range, player, options, counters);
    playback.start();
    return playback;
  }

  Counters counters() {
    return counters;
  }

  /** Recorded plays open now: a player that left is no longer counted. */
  public int playing() {
    return counters.playing().get();
  }

  /** RTMP seeks served since the node started. */
  public long seeks() {
    return counters.seeks().sum();
  }
}
