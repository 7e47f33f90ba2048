package dev.edgerelay.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Objects;

/**
 * One access unit of one track: the only thing a stream's readers see (docs/architecture.md, live media).
 *
 * <p>The payload is reference-counted: whoever receives a unit owns one reference and must
 * {@link #release()} it (or pass it on). A reader that keeps a unit beyond the call {@link #retain()}s it.
 * Video payloads are NAL units with 4-byte big-endian length prefixes (AVCC, as FLV carries them);
 * audio payloads are raw AAC frames. The codec configuration rides on every unit by reference.
 */
public final class MediaUnit extends DefaultByteBufHolder {
  private final Codec codec;
  private final Timebase timebase;
  private final long dts;
  private final long pts;
  private final boolean keyframe;
  private final CodecConfig config;
  private final long receivedAtMillis;
  /** The holder's buffer, kept here too: see {@link #content()}. */
  private final ByteBuf payload;

  public MediaUnit(Codec codec, Timebase timebase, long dts, long pts, boolean keyframe,
      CodecConfig config, ByteBuf payload, long receivedAtMillis) {
    super(payload);
    this.codec = Objects.requireNonNull(codec, "codec");
    this.timebase = Objects.requireNonNull(timebase, "timebase");
    this.dts = dts;
    this.pts = pts;
    this.keyframe = keyframe;
    this.config = config;
    this.receivedAtMillis = receivedAtMillis;
    this.payload = payload;
  }

  public Codec codec() {
    return codec;
  }

  public Track track() {
    return codec.track();
  }

  public Timebase timebase() {
    return timebase;
  }

  /** Decode timestamp in {@link #timebase()} units. */
  public long dts() {
    return dts;
  }

  /** Presentation timestamp in {@link #timebase()} units; PTS = DTS + composition offset (B-frames). */
  public long pts() {
    return pts;
  }

  /** A random-access point: an IDR for video; every AAC frame is one. */
  public boolean keyframe() {
    return keyframe;
  }

  /** The decoder configuration in force for this unit, or null when the source has sent none yet. */
  public CodecConfig config() {
    return config;
  }

  /** Wall-clock time (epoch millis) at which the unit reached the node: for latency and segment start times. */
  public long receivedAtMillis() {
    return receivedAtMillis;
  }

  public ByteBuf payload() {
    return payload;
  }

  /**
   * The payload, without the holder's check that it is still accessible: a unit's payload is asked for at every
   * stage (publish, queue accounting, muxing, recording), and that check was the top of the JFR profile's self time
   * at 200 channels, 7 % (docs/operations.md, "Profile"). Every read of the payload's bytes still checks its
   * reference count, so a unit used after its release still fails there, at its first read.
   */
  @Override
  public ByteBuf content() {
    return payload;
  }

  @Override
  public MediaUnit replace(ByteBuf content) {
    return new MediaUnit(codec, timebase, dts, pts, keyframe, config, content, receivedAtMillis);
  }

  @Override
  public MediaUnit copy() {
    return replace(content().copy());
  }

  @Override
  public MediaUnit duplicate() {
    return replace(content().duplicate());
  }

  @Override
  public MediaUnit retainedDuplicate() {
    return replace(content().retainedDuplicate());
  }

  @Override
  public MediaUnit retain() {
    super.retain();
    return this;
  }

  @Override
  public MediaUnit retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public MediaUnit touch() {
    super.touch();
    return this;
  }

  @Override
  public MediaUnit touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "MediaUnit[" + codec + " dts=" + dts + " pts=" + pts + " " + timebase
        + (keyframe ? " key" : "") + " " + content().readableBytes() + "B]";
  }
}
