package dev.edgerelay.relay.rtmp;

import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The LAN cameras publishing to the node now, one per device-channel. Built before the stream hub, whose
 * source factory asks it first: a channel a camera publishes is fed by the camera, any other is pulled.
 */
public final class LanCameras {
  private final ConcurrentHashMap<StreamKey, LanPublishSource> sources = new ConcurrentHashMap<>();

  /** The source of {@code key} when a LAN camera publishes it, else null. */
  /** The IP address of the camera publishing {@code key} (getpushlist's puship, spec 13.2), "" when none is. */
  public String cameraIp(StreamKey key) {
    LanPublishSource camera = sources.get(key);
    return camera == null ? "" : camera.peerIp();
  }

  public StreamSource source(StreamKey key) {
    return sources.get(key);
  }

  LanPublishSource camera(StreamKey key) {
    return sources.get(key);
  }

  boolean publishing(StreamKey key) {
    return sources.containsKey(key);
  }

  /** Registers a camera for {@code key}; false when another one already publishes it. */
  boolean claim(StreamKey key, LanPublishSource source) {
    return sources.putIfAbsent(key, source) == null;
  }

  void remove(StreamKey key, LanPublishSource source) {
    sources.remove(key, source);
  }
}
