package dev.edgerelay.sim.rtmp;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.server.LiveStream;
import dev.edgerelay.media.rtmp.server.RtmpRequest;
import dev.edgerelay.media.rtmp.server.RtmpServer;
import dev.edgerelay.sim.OriginJoin;
import dev.edgerelay.sim.PlayGrant;
import dev.edgerelay.sim.SimState;
import dev.edgerelay.sim.StreamPlays;
import dev.edgerelay.sim.StreamSession;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's RTMP origin: players pull {@code rtmp://HOST:PORT/live/{dev}-{ch}?{accessToken}}
 * (API-NOTES: the token is appended raw), admitted only with a live token play_address issued for that very
 * channel and still valid; anything else gets an error-level onStatus. The synthetic cameras publish in-process
 * through {@link #publish}. Pushes and admitted players feed the stat lists (spec 13).
 */
public final class RtmpOrigin implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpOrigin.class);
  /** The RTMP application of live play (API-NOTES, play_address). */
  public static final String APP = "live";
  /** Event loops of the origin: players' connections and every camera's publishing. */
  static final int MAX_LOOPS = 4;
  private static final Pattern STREAM_NAME = Pattern.compile("(.+)-(\\d{1,9})");

  private final SimState state;
  private final TrackedLoops loops;
  private final RtmpServer server;
  /** Push sessions by stream name: players copy the codec fields from it into their viewer row. */
  private final Map<String, StreamSession> pushes = new ConcurrentHashMap<>();
  private final Map<String, Set<Channel>> players = new ConcurrentHashMap<>();
  /** Players admitted per stream name since the start; keyed by published streams only, so bounded by the cameras. */
  private final Map<String, AtomicLong> admitted = new ConcurrentHashMap<>();
  /** Stalled streams: name to the {@link System#nanoTime()} the stall ends ({@link Long#MAX_VALUE}: when lifted). */
  private final Map<String, Long> stalls = new ConcurrentHashMap<>();

  private RtmpOrigin(SimState state, int threads, OriginJoin join) {
    this.state = state;
    this.loops = new TrackedLoops(threads);
    this.server = RtmpServer.create(RtmpConfig.defaults().setPlayerStart(join.playerStart()), this::deny, loops);
  }

  /**
   * Binds (blocking: call it off any event loop); port 0 picks a free port, see {@link #port()}.
   *
   * @param join how a new player starts: at a keyframe, or audio first as nginx-rtmp
   */
  public static RtmpOrigin start(SimState state, String host, int port, OriginJoin join) throws InterruptedException {
    RtmpOrigin origin = new RtmpOrigin(state, Math.min(MAX_LOOPS, Runtime.getRuntime().availableProcessors()), join);
    try {
      origin.server.bind(host, port);
    } catch (RuntimeException | InterruptedException e) {
      origin.close();
      throw e;
    }
    LOG.info("platform-sim: RTMP origin at {}:{}", host, origin.port());
    return origin;
  }

  public int port() {
    return server.port();
  }

  /** The stream name of a channel: "{dev}-{ch}". */
  public static String streamName(String deviceId, int channelId) {
    return deviceId + "-" + channelId;
  }

  /**
   * Claims a channel's stream for a camera and lists {@code push} in getpushlist until it ends; empty when the
   * name is already published.
   */
  public Optional<OriginStream> publish(StreamSession push) {
    String name = streamName(push.deviceId(), push.channelId());
    LiveStream live = server.registry().publish(APP, name);
    if (live == null) {
      return Optional.empty();
    }
    state.stats().putPush(push);
    pushes.put(name, push);
    return Optional.of(new OriginStream(live, loops.next(), () -> {
      pushes.remove(name, push);
      state.stats().removePush(push.id());
    }, () -> stalled(name)));
  }

  /** The authorization hook: runs on the connection's loop, so it only reads memory. */
  private String deny(RtmpRequest request) {
    if (request.action() == RtmpRequest.Action.PUBLISH) {
      return "this origin publishes its own cameras only";
    }
    if (!APP.equals(request.app())) {
      return "unknown application '" + request.app() + "': play rtmp://host/" + APP + "/{device_id}-{channel_id}?{accessToken}";
    }
    Matcher name = STREAM_NAME.matcher(request.streamName());
    if (!name.matches()) {
      return "stream name must be {device_id}-{channel_id}, got '" + request.streamName() + "'";
    }
    Optional<PlayGrant> grant = state.checkPlayToken(token(request.query()));
    if (grant.isEmpty()) {
      return "accessToken unknown or expired: ask play_address for a fresh one";
    }
    PlayGrant g = grant.get();
    if (!g.isLive() || !g.deviceId().equals(name.group(1)) || g.channelId() != Integer.parseInt(name.group(2))) {
      return "accessToken was issued for another stream: ask play_address for " + request.streamName();
    }
    StreamSession push = pushes.get(request.streamName());
    if (push != null) {
      admit(request.peer(), push);
    }
    return null;
  }

  /** The raw token, as API-NOTES says players append it; a {@code token=} or {@code accessToken=} form is taken too. */
  static String token(String query) {
    for (String prefix : new String[] {"accessToken=", "token="}) {
      if (query.startsWith(prefix)) {
        int end = query.indexOf('&');
        return query.substring(prefix.length(), end < 0 ? query.length() : end);
      }
    }
    return query;
  }

  /** Lists an admitted player in getonlinelist until its connection closes, and keeps it for {@link #drop}. */
  private void admit(SocketAddress peer, StreamSession push) {
    Channel connection = loops.connection(peer);
    if (connection == null) {
      return;
    }
    String name = streamName(push.deviceId(), push.channelId());
    String ip = peer instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(peer);
    StreamSession viewer = new StreamSession("rtmp-" + connection.id().asShortText(), push.deviceId(),
        push.channelId(), "RTMP", ip, push.videoCodec(), push.resolution(), push.fps(), push.audioCodec(),
        push.bandwidth(), state.clock().millis());
    state.stats().putViewer(viewer);
    players.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(connection);
    admitted.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
    connection.closeFuture().addListener(f -> {
      state.stats().removeViewer(viewer.id());
      players.computeIfPresent(name, (n, set) -> {
        set.remove(connection);
        return set.isEmpty() ? null : set;
      });
    });
  }

  /**
   * The players of every stream that ever had one, by stream name in name order: how many are connected now and how
   * many were admitted since the start. A test counts a site's upstream pulls with it.
   */
  public Map<String, StreamPlays> plays() {
    Map<String, StreamPlays> plays = new TreeMap<>();
    admitted.forEach((name, count) -> {
      Set<Channel> open = players.get(name);
      plays.put(name, new StreamPlays(open == null ? 0 : open.size(), count.get()));
    });
    return plays;
  }

  /**
   * Fault injection: closes the TCP connection of every admitted player of a channel, of a device
   * ({@code channelId} null) or of every stream ({@code deviceId} null). Returns how many were closed.
   */
  public int drop(String deviceId, Integer channelId) {
    int closed = 0;
    for (Map.Entry<String, Set<Channel>> entry : players.entrySet()) {
      if (matches(entry.getKey(), deviceId, channelId)) {
        for (Channel c : Set.copyOf(entry.getValue())) {
          c.close();
          closed++;
        }
      }
    }
    LOG.info("platform-sim: dropped {} RTMP players ({})", closed, deviceId == null ? "all" : deviceId
        + (channelId == null ? "" : "-" + channelId));
    return closed;
  }

  /**
   * Fault injection: the published streams of a channel, of a device ({@code channelId} null) or all of them
   * ({@code deviceId} null) stop sending media for {@code durationMillis} ({@link Long#MAX_VALUE}: until
   * {@link #liftStalls()}), while every player connection stays open: an origin that hangs rather than drops.
   * Returns how many streams were stalled.
   */
  public int stall(String deviceId, Integer channelId, long durationMillis) {
    long until = durationMillis == Long.MAX_VALUE ? Long.MAX_VALUE
        : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMillis);
    int stalled = 0;
    for (String name : pushes.keySet()) {
      if (matches(name, deviceId, channelId)) {
        stalls.put(name, until);
        stalled++;
        // Drop the cached GOP now, not at the first withheld tag: a player joining between this answer and the
        // camera's next frame would otherwise start on the GOP from before the stall.
        LiveStream live = server.registry().find(APP, name);
        if (live != null) {
          live.sourceGap();
        }
      }
    }
    LOG.info("platform-sim: stalled {} streams ({}) for {}", stalled, deviceId == null ? "all" : deviceId
        + (channelId == null ? "" : "-" + channelId), durationMillis == Long.MAX_VALUE ? "ever" : durationMillis + " ms");
    return stalled;
  }

  /** Ends every stall at once; returns how many streams were stalled. */
  public int liftStalls() {
    int lifted = stalls.size();
    stalls.clear();
    return lifted;
  }

  /** On a stream's loop, per tag: whether its media is withheld now (a stall past its end is removed). */
  private boolean stalled(String name) {
    Long until = stalls.get(name);
    if (until == null) {
      return false;
    }
    if (until != Long.MAX_VALUE && System.nanoTime() - until >= 0) {
      stalls.remove(name, until);
      return false;
    }
    return true;
  }

  private static boolean matches(String name, String deviceId, Integer channelId) {
    return deviceId == null || (channelId == null ? name.matches(Pattern.quote(deviceId) + "-\\d+")
        : name.equals(streamName(deviceId, channelId)));
  }

  /** Stops listening, closes every connection and stops the loops; blocking, call it off any event loop. */
  @Override
  public void close() {
    server.close();
    loops.connections().forEach(Channel::close);
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
