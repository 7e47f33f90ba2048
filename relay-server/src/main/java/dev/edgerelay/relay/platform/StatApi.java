package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.StatQuery;
import dev.edgerelay.relay.platform.model.StreamSession;
import io.vertx.core.Future;
import java.util.List;

/**
 * Spec 13, master key only. Pages after the first need the {@code page_key} of the first, valid
 * 5 minutes; the {@code ...All} helpers carry it.
 */
public interface StatApi {
  /** 13.1 getonlinelist, one page; {@code pageKey} null on page 1. */
  Future<Page<StreamSession>> onlineList(StatQuery query, int page, String pageKey);

  Future<List<StreamSession>> onlineListAll(StatQuery query);

  /** 13.2 getpushlist, one page. */
  Future<Page<StreamSession>> pushList(StatQuery query, int page, String pageKey);

  Future<List<StreamSession>> pushListAll(StatQuery query);
}
