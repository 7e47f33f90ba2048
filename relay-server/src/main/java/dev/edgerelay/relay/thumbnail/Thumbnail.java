package dev.edgerelay.relay.thumbnail;

import dev.edgerelay.relay.hub.StreamKey;

/**
 * A JPEG of one channel's latest keyframe.
 *
 * @param width the image's width (the asked one, or the picture's own)
 * @param keyframeAtMillis when the keyframe reached the node (wall clock)
 * @param madeAtMillis when the image was made, for the cache's maximum age
 */
public record Thumbnail(StreamKey key, byte[] jpeg, int width, int height, long keyframeAtMillis, long madeAtMillis) {
  @Override
  public String toString() {
    return "Thumbnail[" + key + " " + width + "x" + height + " " + jpeg.length + "B]";
  }
}
