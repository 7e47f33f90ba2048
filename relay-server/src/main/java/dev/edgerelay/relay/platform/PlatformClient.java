package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.platform.impl.PlatformClientImpl;
import io.vertx.core.Vertx;

/**
 * Typed, non-blocking client of the OneNET video platform API (spec sections 1 to 15). Every call
 * returns a {@code Future}; a refused call fails with a {@link PlatformException}. The API is split
 * by spec section. The instance from {@link #create} uses the master key; {@link #withKey} gives a
 * view that sends a device's own key instead, sharing the same connections.
 *
 * <p>Arguments the spec forbids (a title over 64 characters, idle_time over 120 s, more than 30 ids
 * for QryDevStatus, a missing product id for the product routes) throw before any request is sent;
 * everything the platform refuses arrives as a failed future.
 */
public interface PlatformClient {

  static PlatformClient create(Vertx vertx, PlatformOptions options) {
    return new PlatformClientImpl(vertx, options);
  }

  /** The same client sending {@code apiKey} (a device key from 1.2 or 1.4) instead of the master key. */
  PlatformClient withKey(String apiKey);

  PlatformOptions options();

  /** Spec 1. */
  DeviceApi devices();

  /** Spec 2. */
  ChannelApi channels();

  /** Spec 3. */
  CommandApi commands();

  /** Spec 4. */
  PlayApi play();

  /** Spec 5. */
  PictureApi pictures();

  /** Spec 6. */
  VodApi vod();

  /** Spec 8 to 11. */
  DeviceStatusApi deviceStatus();

  /** Spec 7, 12, 14: the routes scoped by {@code product_id}. */
  ProductApi product();

  /** Spec 13. */
  StatApi stat();

  /** Spec 15. */
  ObjectStorageApi objects();

  /** Closes the HTTP connections; views from {@link #withKey} share them and close too. */
  void close();
}
