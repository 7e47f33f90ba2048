package dev.edgerelay.media.rtmp;

import dev.edgerelay.media.rtmp.client.RtmpPlayListener;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import java.util.ArrayList;
import java.util.List;

/** A play listener for tests: keeps what each frame was (not its bytes) and releases it. */
final class RecordedMedia implements RtmpPlayListener {
  /** {@code packetType}: the AVC/AAC packet type byte (FLV E.4.3.1): 0 config, 1 frame, 2 AVC end of sequence. */
  record Frame(boolean video, long timestamp, boolean keyframe, boolean sequenceHeader, int packetType, int size) {}

  private final List<Frame> frames = new ArrayList<>();
  private final List<DataMessage> metadata = new ArrayList<>();

  @Override
  public synchronized void onMetadata(DataMessage message) {
    metadata.add(message);
  }

  @Override
  public synchronized void onMedia(MediaMessage m) {
    try {
      frames.add(new Frame(m.isVideo(), m.timestamp(), m.isKeyframe(), m.isSequenceHeader(),
          m.content().readableBytes() > 1 ? m.content().getUnsignedByte(m.content().readerIndex() + 1) : -1,
          m.content().readableBytes()));
    } finally {
      m.release();
    }
  }

  synchronized List<Frame> frames() {
    return List.copyOf(frames);
  }

  synchronized List<DataMessage> metadata() {
    return List.copyOf(metadata);
  }

  synchronized List<Frame> videoFrames() {
    return frames.stream().filter(f -> f.video() && f.packetType() == 1).toList();
  }

  synchronized List<Frame> audioFrames() {
    return frames.stream().filter(f -> !f.video() && f.packetType() == 1).toList();
  }

  synchronized long sequenceHeaders() {
    return frames.stream().filter(Frame::sequenceHeader).count();
  }
}
