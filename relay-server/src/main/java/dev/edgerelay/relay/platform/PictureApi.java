package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.Picture;
import dev.edgerelay.relay.platform.model.PictureQuery;
import dev.edgerelay.relay.platform.model.PictureUpload;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.List;

/** Spec 5, pictures. */
public interface PictureApi {
  /** 5.1: fails when a picture of that name exists. */
  Future<Void> upload(PictureUpload picture, Buffer image);

  /** 5.1 with the image read as it comes ({@code length} bytes), as {@link ObjectStorageApi} streams objects. */
  Future<Void> upload(PictureUpload picture, ReadStream<Buffer> image, long length, long paceMillis);

  /** 5.2, one page ({@code pageStart} from 1). */
  Future<Page<Picture>> list(PictureQuery query, int pageStart);

  /** 5.2, every page. */
  Future<List<Picture>> listAll(PictureQuery query);

  /** 5.3. */
  Future<Picture> info(String deviceId, int channelId, String name);

  /** 5.4 delete_pictrue. */
  Future<Void> delete(String deviceId, int channelId, String name);

  /** 5.5: the image at a url from 5.2 or 5.3, no key. */
  Future<Buffer> fetch(String url);
}
