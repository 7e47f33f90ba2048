package dev.edgerelay.media.rtmp.server;

import java.net.SocketAddress;

/**
 * A publish or play as the authorization hook sees it. {@code query} is the part after '?' in the
 * stream name (or, when that has none, in connect's app), where platform tokens ride; empty if none.
 */
public record RtmpRequest(Action action, String app, String streamName, String query, SocketAddress peer) {
  public enum Action { PUBLISH, PLAY }

  /** Splits "name?query" into its parts; the query is "" when there is no '?'. */
  static String[] splitQuery(String nameWithQuery) {
    int q = nameWithQuery.indexOf('?');
    return q < 0 ? new String[] {nameWithQuery, ""}
        : new String[] {nameWithQuery.substring(0, q), nameWithQuery.substring(q + 1)};
  }
}
