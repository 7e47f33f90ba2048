package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.ObjectStorageApi;
import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.StoredObject;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.List;

/** Spec 15: success is errno 200 for upload and delete ({@link Endpoint#successErrno()}), 0 for list. */
final class ObjectStorageApiImpl extends SectionApi implements ObjectStorageApi {

  ObjectStorageApiImpl(PlatformTransport transport, String apiKey) {
    super(transport, apiKey);
  }

  @Override
  public Future<Void> upload(String name, String desc, Buffer content) {
    return call(Endpoint.OBJECT_UPLOAD).param("product_id", productId()).param("name", name).param("desc", desc)
        .body(content, "application/octet-stream").done();
  }

  @Override
  public Future<Void> upload(String name, String desc, ReadStream<Buffer> content, long length, long paceMillis) {
    return call(Endpoint.OBJECT_UPLOAD).param("product_id", productId()).param("name", name).param("desc", desc)
        .stream(content, length, paceMillis, "application/octet-stream").done();
  }

  @Override
  public Future<Buffer> download(String name) {
    return call(Endpoint.OBJECT_DOWNLOAD).param("product_id", productId()).param("name", name).bytes();
  }

  @Override
  public Future<Void> delete(String name) {
    return call(Endpoint.OBJECT_DELETE).param("product_id", productId()).param("name", name).done();
  }

  @Override
  public Future<Page<StoredObject>> list(String name, int pageStart, int pageSize) {
    return call(Endpoint.OBJECT_LIST).param("product_id", productId()).param("name", name)
        .param("page_start", pageStart).param("page_size", pageSize).envelope()
        .map(json -> Envelopes.page(json, "data", StoredObject::fromJson));
  }

  @Override
  public Future<List<StoredObject>> listAll(String name, int pageSize) {
    return walk((page, key) -> list(name, page, pageSize));
  }
}
