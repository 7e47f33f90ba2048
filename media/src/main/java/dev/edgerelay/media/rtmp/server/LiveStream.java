package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.rtmp.message.UserControlMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * One named live stream of a network publisher (the emulator's origin, a plain RTMP server): its latest
 * metadata and sequence headers, the current GOP, and its players. The node's own live application serves
 * its players from its hub's {@code media.stream.Stream} instead ({@link StreamPlayback}). The publisher and the players run on different event loops; this object's monitor
 * orders them, and is held only for queue appends, never for I/O.
 */
public final class LiveStream implements Publication {
  private final StreamRegistry registry;
  private final String app;
  private final String name;
  private final int playerQueueLimit;
  private final GopCache gop;

  private final List<LivePlayer> players = new ArrayList<>();
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

  @Override
  public synchronized void metadata(DataMessage message) {
    metadata = message;
    for (LivePlayer p : players) {
      p.send(message.forPlayer(p.streamId()));
    }
  }

  @Override
  public synchronized void media(MediaMessage message) {
    try {
      if (ended) {
        return;
      }
      frames++;
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
  }

  @Override
  public String toString() {
    return "LiveStream[" + app + "/" + name + "]";
  }
}
