package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.PictureApi;
import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.Picture;
import dev.edgerelay.relay.platform.model.PictureQuery;
import dev.edgerelay.relay.platform.model.PictureUpload;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.List;

/** Spec 5. */
final class PictureApiImpl extends SectionApi implements PictureApi {

  PictureApiImpl(PlatformTransport transport, String apiKey) {
    super(transport, apiKey);
  }

  @Override
  public Future<Void> upload(PictureUpload picture, Buffer image) {
    return call(Endpoint.PICTURE_UPLOAD).params(picture.toQuery()).body(image, imageType(picture)).done();
  }

  @Override
  public Future<Void> upload(PictureUpload picture, ReadStream<Buffer> image, long length, long paceMillis) {
    return call(Endpoint.PICTURE_UPLOAD).params(picture.toQuery()).stream(image, length, paceMillis,
        imageType(picture)).done();
  }

  private static String imageType(PictureUpload picture) {
    return "png".equals(picture.format()) ? "image/png" : "image/jpeg";
  }

  @Override
  public Future<Page<Picture>> list(PictureQuery query, int pageStart) {
    return call(Endpoint.PICTURE_LIST).params(query.toQuery(pageStart)).envelope()
        .map(json -> Envelopes.page(json, "data", Picture::fromJson));
  }

  @Override
  public Future<List<Picture>> listAll(PictureQuery query) {
    return walk((page, key) -> list(query, page));
  }

  @Override
  public Future<Picture> info(String deviceId, int channelId, String name) {
    return call(Endpoint.PICTURE_INFO).param("device_id", deviceId).param("channel_id", channelId)
        .param("name", name).data().map(Picture::fromJson);
  }

  @Override
  public Future<Void> delete(String deviceId, int channelId, String name) {
    return call(Endpoint.PICTURE_DELETE).param("device_id", deviceId).param("channel_id", channelId)
        .param("name", name).done();
  }

  @Override
  public Future<Buffer> fetch(String url) {
    return call(Endpoint.PICTURE_FETCH).at(url).bytes();
  }
}
