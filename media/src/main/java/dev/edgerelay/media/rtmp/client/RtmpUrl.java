package dev.edgerelay.media.rtmp.client;

import java.net.URI;

/**
 * rtmp://host[:port]/app/stream[?query] split the way FFmpeg and librtmp split it: the first path
 * segment is the app, the rest with the query is the play name (tokens ride in that query).
 */
public record RtmpUrl(String host, int port, String app, String playName) {
  public static final int DEFAULT_PORT = 1935;

  public static RtmpUrl parse(String url) {
    URI uri = URI.create(url);
    if (!"rtmp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("not an rtmp:// URL with a host: " + url);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw new IllegalArgumentException("URL needs /app/stream: " + url);
    }
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new RtmpUrl(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
        path.substring(0, slash), path.substring(slash + 1) + query);
  }

  /** The tcUrl connect carries: scheme, host, port and app. */
  public String tcUrl() {
    return "rtmp://" + host + ":" + port + "/" + app;
  }
}
