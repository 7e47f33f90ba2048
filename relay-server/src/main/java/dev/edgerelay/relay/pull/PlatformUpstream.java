package dev.edgerelay.relay.pull;

import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.PlatformUrls;
import dev.edgerelay.relay.platform.model.PlayAddress;
import dev.edgerelay.relay.platform.model.ProtocolType;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * The platform's live RTMP (spec 4.1): play_address (protocol 0) gives the origin's address and a token,
 * kept until its lifetime is nearly over or the origin refuses it, and the URL is
 * {@code rtmp://addr/live/{dev}-{ch}?{token}}.
 */
public final class PlatformUpstream implements Upstream {
  /** A play address and when its token stops being worth using; replaced whole, read from any thread. */
  private record Cached(PlayAddress address, long freshUntilMillis) {
  }

  private final StreamKey key;
  private final PlatformClient platform;
  private final PullOptions options;
  private final Clock clock;
  private volatile Cached cached;
  /** The platform's RTMP {@code host:port} of the last play_address, kept when a refused token drops the cache. */
  private volatile String lastAddress = "";

  public PlatformUpstream(StreamKey key, PlatformClient platform, PullOptions options, Clock clock) {
    this.key = key;
    this.platform = platform;
    this.options = options;
    this.clock = clock;
  }

  @Override
  public Future<String> playUrl() {
    Cached now = cached;
    if (now != null && clock.millis() < now.freshUntilMillis()) {
      return Future.succeededFuture(url(now.address()));
    }
    long asked = clock.millis();
    return platform.play().address(key.deviceId(), key.channelId(), ProtocolType.RTMP, options.tokenLifetimeMillis())
        .map(a -> {
          cached = new Cached(a, asked + options.tokenLifetimeMillis() - options.tokenRefreshMarginMillis());
          lastAddress = a.addr();
          return url(a);
        }).recover(err -> Future.failedFuture("play_address failed: " + err.getMessage()));
  }

  private String url(PlayAddress address) {
    return PlatformUrls.liveRtmp(address, key.deviceId(), key.channelId());
  }

  /** The platform's RTMP {@code host:port} this pull plays from (getpushlist), "" before play_address answered. */
  public String address() {
    return lastAddress;
  }

  @Override
  public void tokenRefused() {
    cached = null;
  }

  @Override
  public String describe() {
    Cached now = cached;
    return "pull " + key.rtmpName() + " from " + (now == null ? "platform" : now.address().addr());
  }
}
