package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.VodApi;
import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.Video;
import dev.edgerelay.relay.platform.model.VideoDeletion;
import dev.edgerelay.relay.platform.model.VideoQuery;
import dev.edgerelay.relay.platform.model.VideoRef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Spec 6. */
final class VodApiImpl extends SectionApi implements VodApi {

  VodApiImpl(PlatformTransport transport, String apiKey) {
    super(transport, apiKey);
  }

  @Override
  public Future<Video> info(VideoRef video, boolean security) {
    return call(Endpoint.VIDEO_INFO).params(video.toQuery()).param("security", security ? 1 : null).data()
        .map(Video::fromJson);
  }

  @Override
  public Future<Page<Video>> list(VideoQuery query, int pageStart) {
    return call(Endpoint.VIDEO_LIST).params(query.toQuery(pageStart)).envelope().map(Video::pageFromEnvelope);
  }

  @Override
  public Future<List<Video>> listAll(VideoQuery query) {
    return walk((page, key) -> list(query, page));
  }

  /** Query names as the spec writes them: {@code deviceid}, {@code channeled} (API-NOTES "Wire names"). */
  @Override
  public Future<List<VideoDeletion>> delete(String deviceId, int channelId, List<String> videoIds) {
    JsonArray ids = new JsonArray();
    videoIds.forEach(id -> ids.add(new JsonObject().put("videoId", id)));
    return call(Endpoint.VIDEO_DELETE).param("deviceid", deviceId).param("channeled", channelId)
        .json(new JsonObject().put("video", ids)).envelope().map(json -> {
          JsonArray results = json.getJsonArray("data", new JsonArray());
          List<VideoDeletion> deletions = new ArrayList<>(videoIds.size());
          for (int i = 0; i < videoIds.size(); i++) {
            JsonObject result = i < results.size() ? results.getJsonObject(i) : null;
            deletions.add(result == null
                ? new VideoDeletion(videoIds.get(i), VideoDeletion.CODE_NOT_EXIST, "no result in the answer")
                : VideoDeletion.fromJson(videoIds.get(i), result));
          }
          return List.copyOf(deletions);
        });
  }

  @Override
  public Future<Void> rename(VideoRef video, String name) {
    return call(Endpoint.VIDEO_RENAME).params(video.toQuery()).json(new JsonObject().put("name", name)).done();
  }

  @Override
  public Future<String> playToken(VideoRef video) {
    return call(Endpoint.VIDEO_PLAY_TOKEN).params(video.toQuery()).data().map(data -> data.getString("token"));
  }
}
