package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.Video;
import dev.edgerelay.relay.platform.model.VideoDeletion;
import dev.edgerelay.relay.platform.model.VideoQuery;
import dev.edgerelay.relay.platform.model.VideoRef;
import io.vertx.core.Future;
import java.util.List;

/** Spec 6, recorded video on the platform. Play URLs need {@link #playToken}: see {@link PlatformUrls}. */
public interface VodApi {
  /** 6.1; {@code security} asks for https / rtmpe URLs. */
  Future<Video> info(VideoRef video, boolean security);

  /** 6.2, one page ({@code pageStart} from 1); both answer shapes are read. */
  Future<Page<Video>> list(VideoQuery query, int pageStart);

  /** 6.2, every page. */
  Future<List<Video>> listAll(VideoQuery query);

  /** 6.3: one result per id, in the order given. */
  Future<List<VideoDeletion>> delete(String deviceId, int channelId, List<String> videoIds);

  /** 6.4. */
  Future<Void> rename(VideoRef video, String name);

  /** 6.5. */
  Future<String> playToken(VideoRef video);
}
