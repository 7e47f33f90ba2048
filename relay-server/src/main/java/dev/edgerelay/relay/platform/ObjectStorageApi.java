package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.StoredObject;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.List;

/**
 * Spec 15, public object storage of the product. Success is errno 200 (upload, delete) or 0 (list);
 * failures carry the HTTP status as errno (or 1001-1003 for bad names):
 * {@link PlatformException#retryable()} tells a retryable 5xx from a permanent refusal.
 */
public interface ObjectStorageApi {
  /** Spec 15.1: objects are limited to 8 MB (larger ones are refused with 413). */
  int MAX_OBJECT_BYTES = 8 * 1024 * 1024;

  /** 15.1; {@code desc} optional. Not retried. */
  Future<Void> upload(String name, String desc, Buffer content);

  /**
   * 15.1 with the body read from {@code content} as it comes ({@code length} bytes): paced uploads, whose request
   * timeout is extended by {@code paceMillis}, the longest the body may take to leave. Not retried.
   */
  Future<Void> upload(String name, String desc, ReadStream<Buffer> content, long length, long paceMillis);

  /** 15.2. */
  Future<Buffer> download(String name);

  /** 15.3. */
  Future<Void> delete(String name);

  /**
   * 15.4, one page; {@code name} filter optional. The answer has {@code page_info}; the page
   * parameters are {@code page_start}/{@code page_size} as in 5.2 and 6.2.
   */
  Future<Page<StoredObject>> list(String name, int pageStart, int pageSize);

  /** 15.4, every page. */
  Future<List<StoredObject>> listAll(String name, int pageSize);
}
