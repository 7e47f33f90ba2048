package dev.edgerelay.sim.camera;

import dev.edgerelay.media.flv.FlvTag;
import dev.edgerelay.media.flv.FlvTagType;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An encoded clip kept in memory for {@code loop} and {@code file} cameras: the stream headers (onMetaData and the
 * sequence headers), then the frames from a keyframe on, with timestamps from 0. Shared by every loop camera,
 * which replay {@link #frame(int)}s as retained duplicates; {@link #release()} frees it once they have stopped.
 */
final class Clip {
  /** Bytes a clip may hold: 60 s of 8 Mbit/s. Frames beyond it are not kept (the clip is cut short). */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  /** One tag of the clip; {@code body} belongs to the clip. */
  record Frame(FlvTagType type, long timestamp, boolean keyframe, ByteBuf body) {
    /** A tag for a player's stream at {@code timestamp}, sharing this frame's bytes. */
    FlvTag tagAt(long at) {
      return new FlvTag(type, at, body.retainedDuplicate());
    }
  }

  /** Picture size, frame rate and video bit rate, for the stat lists (spec 13 {@code resolution}, {@code fps}). */
  record Profile(int width, int height, int fps, long bitrate) {}

  private final List<Frame> headers;
  private final List<Frame> frames;
  private final int[] keyframes;
  private final long durationMillis;
  private final Profile profile;

  private Clip(List<Frame> headers, List<Frame> frames, int[] keyframes, long durationMillis, Profile profile) {
    this.headers = headers;
    this.frames = frames;
    this.keyframes = keyframes;
    this.durationMillis = durationMillis;
    this.profile = profile;
  }

  List<Frame> headers() { return headers; }
  int size() { return frames.size(); }
  Frame frame(int index) { return frames.get(index); }
  /** Where the {@code n}th camera starts: one of the clip's keyframes, so cameras run at different phases. */
  int startIndex(int n) { return keyframes[Math.floorMod(n, keyframes.length)]; }
  /** One pass of the clip: the next pass starts this many milliseconds after the first frame of this one. */
  long durationMillis() { return durationMillis; }
  Profile profile() { return profile; }

  long bytes() {
    long total = 0;
    for (Frame f : frames) {
      total += f.body().readableBytes();
    }
    return total;
  }

  void release() {
    headers.forEach(f -> f.body().release());
    frames.forEach(f -> f.body().release());
  }

  /** Collects an FLV tag stream into a clip: feed it tags (it owns them), then {@link #build}. */
  static final class Builder implements Consumer<FlvTag> {
    /** FLV spec E.4.3.1 CodecID 7: AVC. */
    private static final int AVC_CODEC_ID = 7;
    private static final int AVC_END_OF_SEQUENCE = 2;
    private final List<Frame> headers = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    private long bytes;
    private boolean full;

    @Override
    public void accept(FlvTag tag) {
      try {
        ByteBuf body = Unpooled.copiedBuffer(tag.content());
        if (tag.type() == FlvTagType.SCRIPT_DATA) {
          headers.add(new Frame(tag.type(), 0, false, body));
          return;
        }
        MediaMessage probe = new MediaMessage(tag.type().id(), tag.timestamp(), 0, body);
        if (isEndOfSequence(body, tag.type())) {
          body.release(); // the muxer's closing tag: inside a loop it would tell players the stream ended
        } else if (probe.isSequenceHeader()) {
          headers.add(new Frame(tag.type(), 0, false, body));
        } else if (full || frames.isEmpty() && !probe.isKeyframe() || bytes + body.readableBytes() > MAX_BYTES) {
          full |= !frames.isEmpty();
          body.release();
        } else {
          frames.add(new Frame(tag.type(), tag.timestamp(), probe.isKeyframe(), body));
          bytes += body.readableBytes();
        }
      } finally {
        tag.release();
      }
    }

    /** FLV spec E.4.3.1: an AVC video tag with AVCPacketType 2, "AVC end of sequence". */
    private static boolean isEndOfSequence(ByteBuf body, FlvTagType type) {
      return type == FlvTagType.VIDEO && body.readableBytes() >= 2
          && (body.getUnsignedByte(body.readerIndex()) & 0x0F) == AVC_CODEC_ID
          && body.getUnsignedByte(body.readerIndex() + 1) == AVC_END_OF_SEQUENCE;
    }

    /**
     * Rebases timestamps to 0 and measures one pass: the last video frame plus one frame interval. Audio that
     * would run past the end of the pass is cut, so audio timestamps too stay monotonic across the loop point.
     *
     * @throws IllegalStateException when the stream had fewer than two video frames
     */
    Clip build(Profile profile) {
      List<Frame> video = frames.stream().filter(f -> f.type() == FlvTagType.VIDEO).toList();
      if (video.size() < 2) {
        release();
        throw new IllegalStateException("the clip has " + video.size() + " H.264 frames, at least 2 are needed");
      }
      long base = frames.get(0).timestamp();
      long first = video.get(0).timestamp();
      long last = video.get(video.size() - 1).timestamp();
      long duration = last - base + Math.max(1, (last - first) / (video.size() - 1));
      long audioInterval = audioInterval();
      List<Frame> kept = new ArrayList<>(frames.size());
      List<Integer> keys = new ArrayList<>();
      for (Frame f : frames) {
        long ts = f.timestamp() - base;
        if (f.type() == FlvTagType.AUDIO && ts + audioInterval > duration) {
          f.body().release();
          continue;
        }
        if (f.keyframe()) {
          keys.add(kept.size());
        }
        kept.add(new Frame(f.type(), ts, f.keyframe(), f.body()));
      }
      return new Clip(List.copyOf(headers), List.copyOf(kept), keys.stream().mapToInt(Integer::intValue).toArray(),
          duration, profile);
    }

    private long audioInterval() {
      List<Frame> audio = frames.stream().filter(f -> f.type() == FlvTagType.AUDIO).toList();
      return audio.size() < 2 ? 0
          : (audio.get(audio.size() - 1).timestamp() - audio.get(0).timestamp()) / (audio.size() - 1);
    }

    /** Frees what was collected, when the clip cannot be built. */
    void release() {
      headers.forEach(f -> f.body().release());
      frames.forEach(f -> f.body().release());
      headers.clear();
      frames.clear();
    }
  }
}
