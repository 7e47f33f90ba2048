package dev.edgerelay.relay.hls;

import dev.edgerelay.media.ts.SegmentInfo;
import io.vertx.core.buffer.Buffer;

/**
 * A finished live segment as served: immutable heap bytes, copied once from the muxer's pooled buffers
 * so that any number of viewers can be sent the same bytes without reference counting.
 */
public record LiveSegment(String name, SegmentInfo info, Buffer bytes) {}
