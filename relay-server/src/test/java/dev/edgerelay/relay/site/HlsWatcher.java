package dev.edgerelay.relay.site;

import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HLS viewer of one channel on one node, as a player behaves: it polls the live playlist every
 * {@link #POLL_MILLIS} and fetches every segment it has not seen yet, in order. A segment counts as media when its
 * answer is 200 and at least {@link #MIN_MEDIA_PACKETS} whole MPEG-TS packets. Each such arrival is kept with the
 * segment's EXT-X-PROGRAM-DATE-TIME (the node's receive time of its first unit), so a test can tell media received
 * after an instant from a tail published late. Runs on the caller's Vert.x; {@link #stop()} ends it.
 */
public final class HlsWatcher {
  /** A quarter of the 2 s segments, as players poll a live playlist (RFC 8216 6.3.4 allows half the target). */
  static final long POLL_MILLIS = 500;
  /** Arrivals kept, newest last: a few minutes of 2 s segments. */
  static final int MAX_ARRIVALS = 256;
  /** Segment names remembered as seen: well over a playlist window. */
  static final int MAX_SEEN = 64;
  /** Ten TS packets: a segment with a PAT, a PMT and some media, not an empty or truncated answer. */
  static final int MIN_MEDIA_PACKETS = 10;
  private static final int TS_PACKET = 188;

  /**
   * A segment with media as this viewer got it.
   *
   * @param programDateTimeMillis its EXT-X-PROGRAM-DATE-TIME, -1 when the playlist had none
   * @param gotAtMillis when its body arrived here (wall clock, comparable with the nodes' on one machine)
   */
  public record Arrival(String name, long programDateTimeMillis, long gotAtMillis, int bytes) {}

  public final SiteNode node;
  public final StreamKey key;
  private final Vertx vertx;
  private final WebClient http;
  private final String token;
  private final Deque<Arrival> arrivals = new ArrayDeque<>();
  private final Set<String> seen = new LinkedHashSet<>();
  private final AtomicLong failedPolls = new AtomicLong();
  private long timer = -1;
  private boolean busy;
  private volatile boolean stopped;

  HlsWatcher(Vertx vertx, WebClient http, SiteNode node, StreamKey key, String token) {
    this.vertx = vertx;
    this.http = http;
    this.node = node;
    this.key = key;
    this.token = token;
  }

  /** Starts watching {@code key} on {@code node} with a play {@code token} (every node of a site accepts it). */
  public static HlsWatcher watch(Vertx vertx, WebClient http, SiteNode node, StreamKey key, String token) {
    HlsWatcher w = new HlsWatcher(vertx, http, node, key, token);
    vertx.runOnContext(v -> w.timer = vertx.setPeriodic(0, POLL_MILLIS, t -> w.poll()));
    return w;
  }

  String playlistPath() {
    return "/live/" + key.hlsDirectory() + "/index.m3u8?" + token;
  }

  private void poll() {
    if (busy || stopped) {
      return; // a slow answer: the next tick asks again, as a player would
    }
    busy = true;
    http.get(node.httpPort, "127.0.0.1", playlistPath()).timeout(ClusterProbe.ANSWER_WITHIN.toMillis()).send()
        .compose(answer -> {
          if (answer.statusCode() != 200) {
            failedPolls.incrementAndGet();
            return Future.succeededFuture();
          }
          return fetchNew(parse(answer.bodyAsString()), 0);
        })
        .onComplete(done -> {
          if (done.failed()) {
            failedPolls.incrementAndGet();
          }
          busy = false;
        });
  }

  /** Fetches the listed segments not seen yet, one after the other, from {@code index}. */
  private Future<Void> fetchNew(List<Listed> listed, int index) {
    if (index == listed.size() || stopped) {
      return Future.succeededFuture();
    }
    Listed s = listed.get(index);
    if (seen.contains(s.name)) {
      return fetchNew(listed, index + 1);
    }
    return http.get(node.httpPort, "127.0.0.1", s.path).timeout(ClusterProbe.ANSWER_WITHIN.toMillis()).send()
        .compose(answer -> {
          record(s, answer);
          return fetchNew(listed, index + 1);
        });
  }

  private void record(Listed s, HttpResponse<Buffer> answer) {
    Buffer body = answer.body();
    if (answer.statusCode() != 200 || body == null || body.length() < MIN_MEDIA_PACKETS * TS_PACKET
        || body.getByte(0) != 0x47) {
      return; // not media: asked again while still listed
    }
    seen.add(s.name);
    if (seen.size() > MAX_SEEN) {
      seen.remove(seen.iterator().next());
    }
    synchronized (arrivals) {
      arrivals.addLast(new Arrival(s.name, s.programDateTimeMillis, System.currentTimeMillis(), body.length()));
      if (arrivals.size() > MAX_ARRIVALS) {
        arrivals.removeFirst();
      }
    }
  }

  /** A listed segment: its name (the URI without the token), the path to fetch, its program date-time. */
  private record Listed(String name, String path, long programDateTimeMillis) {}

  /** The segments of a live playlist (RFC 8216 4.3.2.1 EXTINF, 4.3.2.6 PROGRAM-DATE-TIME), URIs resolved. */
  private List<Listed> parse(String text) {
    List<Listed> out = new ArrayList<>();
    long pdt = -1;
    String dir = "/live/" + key.hlsDirectory() + "/";
    for (String raw : text.split("\n")) {
      String line = raw.trim();
      if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
        pdt = OffsetDateTime.parse(line.substring("#EXT-X-PROGRAM-DATE-TIME:".length())).toInstant().toEpochMilli();
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        String path = line.startsWith("/") ? line : dir + line;
        int query = line.indexOf('?');
        out.add(new Listed(query < 0 ? line : line.substring(0, query), path, pdt));
        pdt = -1;
      }
    }
    return out;
  }

  /**
   * When the first segment with media received by the node at or after {@code sinceMillis} reached this viewer
   * (wall clock), or -1 when none has yet. Without date-times in the playlist, any segment that arrived after it.
   */
  public long firstMediaSince(long sinceMillis) {
    synchronized (arrivals) {
      for (Arrival a : arrivals) {
        long received = a.programDateTimeMillis >= 0 ? a.programDateTimeMillis : a.gotAtMillis;
        if (received >= sinceMillis) {
          return a.gotAtMillis;
        }
      }
    }
    return -1;
  }

  /** Whether a segment with media arrived at or after {@code sinceMillis} (wall clock). */
  public boolean gotMediaSince(long sinceMillis) {
    synchronized (arrivals) {
      return !arrivals.isEmpty() && arrivals.peekLast().gotAtMillis >= sinceMillis;
    }
  }

  public List<Arrival> arrivals() {
    synchronized (arrivals) {
      return List.copyOf(arrivals);
    }
  }

  /** Playlist polls that failed or were not answered 200. */
  public long failedPolls() {
    return failedPolls.get();
  }

  public void stop() {
    stopped = true;
    vertx.runOnContext(v -> vertx.cancelTimer(timer));
  }

  @Override
  public String toString() {
    return key + "@" + node.name;
  }
}
