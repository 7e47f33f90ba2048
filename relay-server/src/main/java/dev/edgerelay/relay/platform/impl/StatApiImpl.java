package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.StatApi;
import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.StatQuery;
import dev.edgerelay.relay.platform.model.StreamSession;
import io.vertx.core.Future;
import java.util.List;

/** Spec 13: lists under {@code result}, pages after the first need page 1's {@code page_key}. */
final class StatApiImpl extends SectionApi implements StatApi {

  StatApiImpl(PlatformTransport transport, String apiKey) {
    super(transport, apiKey);
  }

  @Override
  public Future<Page<StreamSession>> onlineList(StatQuery query, int page, String pageKey) {
    return list(Endpoint.STAT_ONLINE_LIST, query, page, pageKey);
  }

  @Override
  public Future<List<StreamSession>> onlineListAll(StatQuery query) {
    return walk((page, key) -> onlineList(query, page, key));
  }

  @Override
  public Future<Page<StreamSession>> pushList(StatQuery query, int page, String pageKey) {
    return list(Endpoint.STAT_PUSH_LIST, query, page, pageKey);
  }

  @Override
  public Future<List<StreamSession>> pushListAll(StatQuery query) {
    return walk((page, key) -> pushList(query, page, key));
  }

  private Future<Page<StreamSession>> list(Endpoint endpoint, StatQuery query, int page, String pageKey) {
    return call(endpoint).params(query.toQuery(page, pageKey)).envelope()
        .map(json -> Envelopes.page(json, "result", StreamSession::fromJson));
  }
}
