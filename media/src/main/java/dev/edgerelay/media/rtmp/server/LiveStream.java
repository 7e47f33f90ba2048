package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.flv.FlvTag;
import dev.edgerelay.media.flv.FlvTagType;
import dev.edgerelay.media.flv.FlvUnitEncoder;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MessageType;
import io.netty.buffer.ByteBufAllocator;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.rtmp.message.UserControlMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One named live stream: its publisher's latest metadata and sequence headers, the current GOP, and
 * its players. The publisher and the players run on different event loops; this object's monitor
 * orders them, and is held only for queue appends, never for I/O.
 */
public final class LiveStream implements Publication {
  private final StreamRegistry registry;
  private final String app;
  private final String name;
  private final int playerQueueLimit;
  private final GopCache gop;
  /** Message stream id given to messages built from units; players rewrite it to their own anyway. */
  private static final int PUBLISHER_STREAM_ID = 1;

  private final List<LivePlayer> players = new ArrayList<>();
  /** In-process consumers of a network publisher's messages (the relay ingesting a LAN camera). */
  private final List<Publication> subscribers = new CopyOnWriteArrayList<>();
  /** The last configuration sent per track ({@link dev.edgerelay.media.Track} ordinal) for units. */
  private final CodecConfig[] unitConfigs = new CodecConfig[2];
  private DataMessage metadata;
  private MediaMessage videoConfig;
  private MediaMessage audioConfig;
  private boolean hasVideo;
  private boolean ended;
  private long frames;

  LiveStream(StreamRegistry registry, String app, String name, int playerQueueLimit, int gopCacheBytes) {
    this.registry = registry;
    this.app = app;
    this.name = name;
    this.playerQueueLimit = playerQueueLimit;
    this.gop = new GopCache(gopCacheBytes);
  }

  public String app() {
    return app;
  }

  public String name() {
    return name;
  }

  public synchronized int playerCount() {
    return players.size();
  }

  /** Frames the current players skipped because they fell behind (see {@link LivePlayer}). */
  public synchronized long droppedByPlayers() {
    return players.stream().mapToLong(LivePlayer::dropped).sum();
  }

  /** Media messages published so far. */
  public synchronized long frames() {
    return frames;
  }

  /**
   * Hands {@code subscriber} everything this stream gets from now on, as a player would but without a
   * connection: metadata, its own reference to each media message, and the unpublish. Subscribers run on
   * the publisher's event loop and must not block.
   */
  public void subscribe(Publication subscriber) {
    subscribers.add(subscriber);
  }

  @Override
  public synchronized void metadata(DataMessage message) {
    subscribers.forEach(s -> s.metadata(message));
    metadata = message;
    for (LivePlayer p : players) {
      p.send(message.forPlayer(p.streamId()));
    }
  }

  @Override
  public synchronized void unit(MediaUnit unit) {
    try {
      int track = unit.track().ordinal();
      CodecConfig config = unit.config();
      long millis = unit.timebase().convert(unit.dts(), Timebase.MILLIS);
      if (config != null && !config.sameAs(unitConfigs[track])) {
        unitConfigs[track] = config;
        media(message(FlvUnitEncoder.sequenceHeader(config, millis, ByteBufAllocator.DEFAULT)));
      }
      media(message(FlvUnitEncoder.encode(unit, ByteBufAllocator.DEFAULT)));
    } finally {
      unit.release();
    }
  }

  private static MediaMessage message(FlvTag tag) {
    int type = tag.type() == FlvTagType.VIDEO ? MessageType.VIDEO : MessageType.AUDIO;
    return new MediaMessage(type, tag.timestamp(), PUBLISHER_STREAM_ID, tag.content());
  }

  @Override
  public synchronized void media(MediaMessage message) {
    try {
      if (ended) {
        return;
      }
      frames++;
      for (Publication s : subscribers) {
        s.media(message.retainedForStream(message.streamId()));
      }
      if (message.isVideo()) {
        hasVideo = true;
      }
      if (message.isSequenceHeader()) {
        keepSequenceHeader(message);
        for (LivePlayer p : players) {
          p.send(message.retainedForStream(p.streamId()));
        }
        return;
      }
      // without video every audio frame is a place to start
      boolean randomAccess = message.isVideo() ? message.isKeyframe() : !hasVideo;
      gop.add(message, randomAccess);
      for (LivePlayer p : players) {
        p.offerMedia(message, randomAccess);
      }
    } finally {
      message.release();
    }
  }

  /**
   * The source skipped media (a stall, lost packets): the cached GOP is older than the gap, so a player joining
   * now waits for the next keyframe rather than starting on frames that then jump forward in time.
   */
  public synchronized void sourceGap() {
    gop.clear();
  }

  private void keepSequenceHeader(MediaMessage message) {
    if (message.isVideo()) {
      if (videoConfig != null) {
        videoConfig.release();
      }
      videoConfig = message.retain();
    } else {
      if (audioConfig != null) {
        audioConfig.release();
      }
      audioConfig = message.retain();
    }
  }

  /**
   * Joins a player: metadata and sequence headers first, then the cached GOP from its keyframe, so
   * the player's decoder can start with the first frame it gets. Returns false if the stream ended.
   */
  synchronized boolean addPlayer(LivePlayer player) {
    if (ended) {
      return false;
    }
    int sid = player.streamId();
    if (metadata != null) {
      player.send(metadata.forPlayer(sid));
    }
    if (videoConfig != null) {
      player.send(videoConfig.retainedForStream(sid));
    }
    if (audioConfig != null) {
      player.send(audioConfig.retainedForStream(sid));
    }
    List<MediaMessage> cached = gop.frames();
    if (cached.isEmpty() && hasVideo) {
      player.waitForKeyframe();
    }
    for (int i = 0; i < cached.size(); i++) {
      player.offerMedia(cached.get(i), i == 0);
    }
    players.add(player);
    return true;
  }

  synchronized void removePlayer(LivePlayer player) {
    players.remove(player);
  }

  @Override
  public void unpublish() {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      for (LivePlayer p : players) {
        p.send(UserControlMessage.of(UserControlMessage.STREAM_EOF, p.streamId()));
        p.send(NetStatus.onStatus(p.streamId(), NetStatus.LEVEL_STATUS, NetStatus.PLAY_UNPUBLISH_NOTIFY,
            name + " is now unpublished"));
      }
      players.clear();
      gop.clear();
      if (videoConfig != null) {
        videoConfig.release();
        videoConfig = null;
      }
      if (audioConfig != null) {
        audioConfig.release();
        audioConfig = null;
      }
    }
    registry.remove(this);
    subscribers.forEach(Publication::unpublish);
    subscribers.clear();
  }

  @Override
  public String toString() {
    return "LiveStream[" + app + "/" + name + "]";
  }
}
