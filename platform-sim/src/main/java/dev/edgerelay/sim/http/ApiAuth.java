package dev.edgerelay.sim.http;

import dev.edgerelay.sim.Device;
import dev.edgerelay.sim.SimState;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The api-key rules (spec 1, API-NOTES "Envelope, auth"): the master key operates everything; a device's own key
 * operates only that device (and the product-level routes of the product it belongs to); creating devices and
 * the stat lists need the master key; register_de and boot_address need none.
 */
public final class ApiAuth {
  /** Header carrying the key; HTTP header names are case-insensitive, so "Api-key" works too. */
  public static final String HEADER = "api-key";

  private final String masterKey;
  private final SimState state;

  ApiAuth(String masterKey, SimState state) {
    this.masterKey = masterKey;
    this.state = state;
  }

  /** Who is calling: empty for the master key, else the device whose key it is. */
  private Optional<Device> caller(RoutingContext ctx) {
    String key = ctx.request().getHeader(HEADER);
    if (key == null || key.isBlank()) {
      throw new ApiException(SimError.AUTH_MISSING);
    }
    if (key.equals(masterKey)) {
      return Optional.empty();
    }
    Optional<Device> device = state.deviceByKey(key);
    if (device.isEmpty()) {
      throw new ApiException(SimError.AUTH_INVALID);
    }
    return device;
  }

  public void requireMaster(RoutingContext ctx) {
    if (caller(ctx).isPresent()) {
      throw new ApiException(SimError.AUTH_MASTER_ONLY);
    }
  }

  /** The master key or this device's own key. */
  public void requireDevice(RoutingContext ctx, String deviceId) {
    caller(ctx).ifPresent(device -> {
      if (!device.id().equals(deviceId)) {
        throw new ApiException(SimError.AUTH_OTHER_DEVICE,
            "This device key operates only device " + device.id() + ", not " + deviceId
                + ": use the master key or that device's key");
      }
    });
  }

  /**
   * Any valid key (product-level routes and searches).
   *
   * @return the calling device's id when a device key was sent, empty for the master key
   */
  public Optional<String> requireAny(RoutingContext ctx) {
    return caller(ctx).map(Device::id);
  }
}
