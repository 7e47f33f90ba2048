package dev.edgerelay.sim.http;

import dev.edgerelay.sim.Channel;
import dev.edgerelay.sim.Device;
import dev.edgerelay.sim.SimOptions;
import dev.edgerelay.sim.SimState;
import dev.edgerelay.sim.StreamPlays;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** What the route classes share: Vert.x, the options, the model, the key checks and the bound HTTP port. */
public final class SimContext {
  private final Vertx vertx;
  private final SimOptions options;
  private final SimState state;
  private final ApiAuth auth;
  private volatile int httpPort;
  private volatile int rtmpPort;
  private volatile PlayerDropper players = (deviceId, channelId) -> 0;
  private volatile MediaStaller staller = MediaStaller.NONE;
  private volatile PlayCounter plays = Map::of;

  public SimContext(Vertx vertx, SimOptions options, SimState state) {
    this.vertx = vertx;
    this.options = options;
    this.state = state;
    this.auth = new ApiAuth(options.masterKey(), state);
    this.httpPort = options.httpPort();
    this.rtmpPort = options.rtmpPort();
  }

  /** Closes RTMP player connections (fault injection); {@code deviceId} null means every player. */
  @FunctionalInterface
  public interface PlayerDropper {
    /** @param channelId null for every channel of the device; returns how many connections were closed */
    int drop(String deviceId, Integer channelId);
  }

  /** Withholds media from RTMP players while their connections stay open (fault injection). */
  public interface MediaStaller {
    MediaStaller NONE = new MediaStaller() {
      @Override public int stall(String deviceId, Integer channelId, long durationMillis) { return 0; }
      @Override public int lift() { return 0; }
    };

    /** Same selection as {@link PlayerDropper}; {@code durationMillis} {@link Long#MAX_VALUE}: until lifted. */
    int stall(String deviceId, Integer channelId, long durationMillis);

    /** Ends every stall; returns how many there were. */
    int lift();
  }

  /** The RTMP players of each stream that had one, by stream name "{dev}-{ch}". */
  @FunctionalInterface
  public interface PlayCounter {
    Map<String, StreamPlays> plays();
  }

  public Vertx vertx() { return vertx; }
  public SimOptions options() { return options; }
  public SimState state() { return state; }
  public ApiAuth auth() { return auth; }
  public long now() { return state.clock().millis(); }

  /** Set once the server is bound (the configured port may be 0 = ephemeral). */
  public void boundTo(int port) {
    this.httpPort = port;
  }

  /**
   * Set once the RTMP origin is bound: its real port, how to drop its players, how to stall its media and how to
   * count its players.
   */
  public void rtmpBoundTo(int port, PlayerDropper dropper, MediaStaller staller, PlayCounter plays) {
    this.rtmpPort = port;
    this.players = dropper;
    this.staller = staller;
    this.plays = plays;
  }

  public PlayCounter plays() {
    return plays;
  }

  public MediaStaller staller() {
    return staller;
  }

  public PlayerDropper players() {
    return players;
  }

  /** "host:port" of this HTTP server, as play_address and picture URLs give it. */
  public String httpAddress() {
    return options.host() + ":" + httpPort;
  }

  /** "host:port" players use for RTMP (spec 4.1 {@code addr} for protocol 0). */
  public String rtmpAddress() {
    return options.rtmpAdvertise() != null ? options.rtmpAdvertise() : options.host() + ":" + rtmpPort;
  }

  /** Spec channel ids are numbers; the emulator takes any non-negative int. */
  public static final int MAX_CHANNEL_ID = Integer.MAX_VALUE;

  /** The device named by the request, after the key check: the master key or the device's own key. */
  public Device device(RoutingContext ctx, Params params, String... names) {
    String id = params.deviceId(names);
    auth.requireDevice(ctx, id);
    return state.device(id).orElseThrow(() -> new ApiException(SimError.DEVICE_NOT_FOUND,
        "Device " + id + " does not exist: check " + names[0]));
  }

  /** The channel named by the request on a device already checked; errno 17 when it does not exist. */
  public Channel channel(Device device, Params params, String... names) {
    int channelId = params.requiredInt(0, MAX_CHANNEL_ID, names);
    return state.channel(device.id(), channelId).orElseThrow(() -> new ApiException(SimError.CHANNEL_MISSING));
  }

  /** The product named by the request: this emulator holds one product, {@link SimOptions#productId()}. */
  public String product(Params params, String... names) {
    String productId = params.required(names);
    if (!productId.equals(options.productId())) {
      throw new ApiException(SimError.PRODUCT_NOT_FOUND, "Unknown product_id " + Params.abbreviate(productId)
          + ": this platform's product is " + options.productId());
    }
    return productId;
  }
}
