package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.amf0.Amf0Summary;
import dev.edgerelay.media.amf0.Amf0Object;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.rtmp.message.PeerLog;
import dev.edgerelay.media.rtmp.message.RtmpMessage;
import dev.edgerelay.media.rtmp.message.SetChunkSize;
import dev.edgerelay.media.rtmp.message.SetPeerBandwidth;
import dev.edgerelay.media.rtmp.message.UserControlMessage;
import dev.edgerelay.media.rtmp.message.WindowAcknowledgementSize;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's half of the NetConnection and NetStream commands (spec 7.2) for one connection:
 * connect, createStream, publish, play and their teardown, plus FMS extras (releaseStream, FCPublish,
 * FCUnpublish, getStreamLength) that FFmpeg and OBS send and expect an answer to.
 */
final class ServerSession extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ServerSession.class);
  /** Message streams one connection may create: a publisher or player needs one, Flash two at most. */
  static final int MAX_STREAMS_PER_CONNECTION = 16;
  /** Spec 7.2.2.7: the answer to a seek on a live play. */
  static final String LIVE_CANNOT_SEEK =
      "only recorded streams (an rvod play) can seek: a live stream always plays from now";

  private final RtmpConfig config;
  private final StreamRegistry registry;
  private final RtmpAuthorizer authorizer;
  private final Map<Integer, Publication> publishing = new HashMap<>();
  private final Map<Integer, String> publishedNames = new HashMap<>();
  private final Map<String, PlaybackProvider> providers;
  private final Map<String, PublishProvider> publishers;
  private final Map<Integer, Playback> playbacks = new HashMap<>();
  private ChannelHandlerContext ctx;
  private String app;
  private String connectQuery = "";
  private int streamsCreated;

  ServerSession(RtmpConfig config, StreamRegistry registry, RtmpAuthorizer authorizer,
      Map<String, PlaybackProvider> providers, Map<String, PublishProvider> publishers) {
    this.config = config;
    this.providers = providers;
    this.publishers = publishers;
    this.registry = registry;
    this.authorizer = authorizer;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof MediaMessage media) {
      Publication stream = publishing.get(media.streamId());
      if (stream != null) {
        stream.media(media);
      } else {
        media.release();
      }
    } else if (msg instanceof DataMessage data) {
      Publication stream = publishing.get(data.streamId());
      if (stream != null && data.isMetadata()) {
        stream.metadata(data);
      }
    } else if (msg instanceof CommandMessage command) {
      command(command);
    } else if (msg instanceof UserControlMessage ping && ping.eventType() == UserControlMessage.PING_REQUEST) {
      ctx.writeAndFlush(UserControlMessage.of(UserControlMessage.PING_RESPONSE, ping.value()));
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void command(CommandMessage c) {
    switch (c.name()) {
      case "connect" -> connect(c);
      case "createStream" -> createStream(c);
      case "publish" -> publish(c);
      case "play" -> play(c);
      case "deleteStream" -> closeStream(c.argument(0) instanceof Double d ? d.intValue() : c.streamId());
      case "closeStream" -> closeStream(c.streamId());
      case "seek" -> seek(c);
      case "pause" -> {
        Playback playback = playbacks.get(c.streamId());
        if (playback != null && c.argument(0) instanceof Boolean pause) {
          playback.pause(pause, c.argument(1) instanceof Double millis ? millis.longValue() : 0);
        }
      }
      case "FCUnpublish" -> {
        // FFmpeg sends FCUnpublish then deleteStream; the stream ends at the first of them
        Integer sid = publishing.keySet().stream().findFirst().orElse(null);
        if (sid != null) {
          closeStream(sid);
        }
      }
      case "releaseStream", "FCPublish" -> result(c, null);
      // FFmpeg reads the _result's value as the duration in seconds and warns "Unexpected reply" at anything but
      // a number; 0 is no known length, which FFmpeg leaves unset (a live stream)
      case "getStreamLength" -> result(c, 0.0);
      default -> {
        if (c.transactionId() != 0) {
          ctx.writeAndFlush(CommandMessage.of(c.streamId(), NetStatus.ERROR, c.transactionId(), null,
              NetStatus.info(NetStatus.LEVEL_ERROR, NetStatus.CALL_FAILED, "unknown command " + c.name())));
        }
      }
    }
  }

  private void connect(CommandMessage c) {
    Amf0Object info = c.commandObject() instanceof Amf0Object o ? o : Amf0Object.of();
    String[] appAndQuery = RtmpRequest.splitQuery(info.string("app") == null ? "" : info.string("app"));
    app = appAndQuery[0].endsWith("/") ? appAndQuery[0].substring(0, appAndQuery[0].length() - 1) : appAndQuery[0];
    connectQuery = appAndQuery[1];
    log.debug("{}: connect app={} tcUrl={}", ctx.channel().remoteAddress(), Amf0Summary.of(app),
        Amf0Summary.of(info.string("tcUrl")));
    ctx.write(new WindowAcknowledgementSize(config.windowAckSize()));
    ctx.write(new SetPeerBandwidth(config.windowAckSize(), SetPeerBandwidth.DYNAMIC));
    ctx.write(new SetChunkSize(config.outboundChunkSize()));
    Amf0Object properties = Amf0Object.of("fmsVer", "FMS/3,0,1,123", "capabilities", 31.0);
    Amf0Object status = Amf0Object.of("level", NetStatus.LEVEL_STATUS, "code", NetStatus.CONNECT_SUCCESS,
        "description", "Connection succeeded.", "objectEncoding", 0.0);
    ctx.writeAndFlush(CommandMessage.of(0, NetStatus.RESULT, c.transactionId(), properties, status));
  }

  private void createStream(CommandMessage c) {
    if (streamsCreated >= MAX_STREAMS_PER_CONNECTION) {
      ctx.writeAndFlush(CommandMessage.of(0, NetStatus.ERROR, c.transactionId(), null,
          NetStatus.info(NetStatus.LEVEL_ERROR, NetStatus.CALL_FAILED, "too many streams")));
      return;
    }
    streamsCreated++;
    result(c, (double) streamsCreated);
  }

  private void result(CommandMessage c, Object value) {
    if (c.transactionId() != 0) {
      ctx.writeAndFlush(CommandMessage.of(c.streamId(), NetStatus.RESULT, c.transactionId(), null, value));
    }
  }

  private RtmpRequest request(RtmpRequest.Action action, CommandMessage c) {
    String[] nameAndQuery = RtmpRequest.splitQuery(c.argument(0) instanceof String s ? s : "");
    String query = nameAndQuery[1].isEmpty() ? connectQuery : nameAndQuery[1];
    return new RtmpRequest(action, app == null ? "" : app, nameAndQuery[0], query, ctx.channel().remoteAddress());
  }

  private void publish(CommandMessage c) {
    int sid = c.streamId();
    RtmpRequest request = request(RtmpRequest.Action.PUBLISH, c);
    PublishProvider provider = publishers.get(request.app());
    String denied = request.streamName().isEmpty() ? "empty stream name"
        : provider != null ? provider.deny(request) : authorizer.deny(request);
    Publication stream = denied != null ? null
        : provider != null ? provider.start(request) : registry.publish(request.app(), request.streamName());
    if (denied == null && stream == null) {
      denied = request.streamName() + " is already being published";
    }
    if (stream == null) {
      log.info("{}: publish {}/{} refused: {}", request.peer(), Amf0Summary.of(request.app()),
          Amf0Summary.of(request.streamName()), Amf0Summary.of(denied));
      ctx.writeAndFlush(NetStatus.onStatus(sid, NetStatus.LEVEL_ERROR, NetStatus.PUBLISH_BAD_NAME, denied));
      return;
    }
    publishing.put(sid, stream);
    publishedNames.put(sid, request.streamName());
    ctx.write(UserControlMessage.of(UserControlMessage.STREAM_BEGIN, sid));
    ctx.writeAndFlush(NetStatus.onStatus(sid, NetStatus.LEVEL_STATUS, NetStatus.PUBLISH_START,
        request.streamName() + " is now published"));
  }

  private void play(CommandMessage c) {
    int sid = c.streamId();
    RtmpRequest request = request(RtmpRequest.Action.PLAY, c);
    PlaybackProvider provider = providers.get(request.app());
    if (provider != null) {
      playFrom(provider, request, sid);
      return;
    }
    String denied = authorizer.deny(request);
    if (denied != null) {
      ctx.writeAndFlush(NetStatus.onStatus(sid, NetStatus.LEVEL_ERROR, NetStatus.PLAY_FAILED, denied));
      return;
    }
    LiveStream stream = registry.find(request.app(), request.streamName());
    if (stream == null) {
      ctx.writeAndFlush(NetStatus.onStatus(sid, NetStatus.LEVEL_ERROR, NetStatus.PLAY_STREAM_NOT_FOUND,
          request.app() + "/" + request.streamName() + " is not published"));
      return;
    }
    Playback playback = stream.play(new PlayerChannel(ctx.channel(), sid));
    if (playback == null) {
      ctx.writeAndFlush(NetStatus.onStatus(sid, NetStatus.LEVEL_ERROR, NetStatus.PLAY_STREAM_NOT_FOUND,
          request.app() + "/" + request.streamName() + " has just ended"));
      return;
    }
    replacePlayback(sid, playback);
  }

  /**
   * Spec 7.2.2.7: seek(null, milliseconds). Only a provider's playback (recordings) has a position to move;
   * a live stream, or a seek without a number, is answered with NetStream.Seek.Failed rather than silence.
   */
  private void seek(CommandMessage c) {
    Playback playback = playbacks.get(c.streamId());
    if (playback != null && c.argument(0) instanceof Double millis) {
      playback.seek(Math.max(0, millis.longValue()));
      return;
    }
    String why = playback == null
        ? LIVE_CANNOT_SEEK
        : "seek needs the position in milliseconds as its argument";
    ctx.writeAndFlush(NetStatus.onStatus(c.streamId(), NetStatus.LEVEL_ERROR, NetStatus.SEEK_FAILED, why));
  }

  /** A play of an application served by a provider (recordings): it decides, and it speaks to the player. */
  private void playFrom(PlaybackProvider provider, RtmpRequest request, int sid) {
    String denied = provider.deny(request);
    if (denied != null) {
      log.info("{}: play {}/{} refused: {}", request.peer(), Amf0Summary.of(request.app()),
          Amf0Summary.of(request.streamName()), Amf0Summary.of(denied));
      ctx.writeAndFlush(NetStatus.onStatus(sid, NetStatus.LEVEL_ERROR, NetStatus.PLAY_FAILED, denied));
      return;
    }
    replacePlayback(sid, provider.start(request, new PlayerChannel(ctx.channel(), sid)));
  }

  private void replacePlayback(int sid, Playback playback) {
    Playback previous = playbacks.put(sid, playback);
    if (previous != null) {
      previous.close(); // a second play on the same stream replaces the first (spec 7.2.2.1 reset)
    }
  }

  private void closeStream(int sid) {
    Playback playback = playbacks.remove(sid);
    if (playback != null) {
      playback.close();
    }
    Publication stream = publishing.remove(sid);
    if (stream != null) {
      stream.unpublish();
      ctx.writeAndFlush(NetStatus.onStatus(sid, NetStatus.LEVEL_STATUS, NetStatus.UNPUBLISH_SUCCESS,
          publishedNames.remove(sid) + " is now unpublished"));
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      playbacks.values().forEach(Playback::writable);
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    publishing.values().forEach(Publication::unpublish);
    publishing.clear();
    publishedNames.clear();
    playbacks.values().forEach(Playback::close);
    playbacks.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    PeerLog.exception(log, ctx, cause);
    ctx.close();
  }
}
