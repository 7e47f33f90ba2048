package dev.edgerelay.relay.hls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.hls.MediaPlaylist;
import dev.edgerelay.media.hls.PlaylistSegment;
import dev.edgerelay.media.hls.PlaylistWriter;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.EncodedStreams;
import dev.edgerelay.media.stream.ReaderLimits;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.media.ts.PartListener;
import dev.edgerelay.media.ts.PartStart;
import dev.edgerelay.media.ts.SegmentInfo;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.HubOptions;
import dev.edgerelay.relay.hub.StreamSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import dev.edgerelay.media.testing.Eventually;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The live muxer on real FFmpeg-encoded units (openh264 + aac, 1 s GOP), fed synchronously. */
@ExtendWith(VertxExtension.class)
class HlsLiveMuxerTest {
  @TempDir static Path dir;
  static Path flv;
  static Vertx vertx;
  static StreamHub hub;
  static LiveSpool spool;
  /** Every muxer made here: an ended one keeps its window until released, as HlsService does after the grace. */
  static final List<HlsLiveMuxer> made = new ArrayList<>();

  /** A source that publishes nothing by itself: the test feeds the stream. */
  private static final class FedByTest implements StreamSource {
    @Override
    public void start(Stream stream) {}

    @Override
    public Future<Void> stop() {
      return Future.succeededFuture();
    }

    @Override
    public String describe() {
      return "test";
    }
  }

  @BeforeAll
  static void encode(Vertx injected) throws Exception {
    flv = EncodedStreams.recordWithJavaCv(dir.resolve("cam.flv"), 25 * 9, 25, 320, 180);
    vertx = injected;
    hub = new StreamHub(vertx, new HubOptions(), key -> new FedByTest(), Clock.systemUTC());
    spool = LiveSpool.open(dir.resolve("spool"));
  }

  @AfterAll
  static void close() {
    Await.result(hub.close().toCompletionStage()); // VertxExtension closes Vert.x after this
    made.forEach(HlsLiveMuxer::releaseEnded);
  }

  private static List<MediaUnit> units(long dtsOffset) throws Exception {
    List<MediaUnit> shifted = new ArrayList<>();
    for (MediaUnit u : EncodedStreams.readUnits(flv)) {
      shifted.add(new MediaUnit(u.codec(), u.timebase(), u.dts() + dtsOffset, u.pts() + dtsOffset, u.keyframe(),
          u.config(), u.content(), u.receivedAtMillis()));
    }
    return shifted;
  }

  private HlsLiveMuxer muxerOn(Stream stream, HlsOptions options, AtomicInteger firsts) {
    HlsLiveMuxer muxer = new HlsLiveMuxer(stream, options, PooledByteBufAllocator.DEFAULT, spool,
        m -> firsts.incrementAndGet(), m -> {});
    made.add(muxer);
    stream.addReader("hls", ReaderLimits.DEFAULT, Runnable::run, muxer);
    return muxer;
  }

  @Test
  void shouldCutKeyframeAlignedSegmentsAndSlideTheWindow() throws Exception {
    Stream stream = hub.open(new StreamKey("1", 1));
    AtomicInteger firsts = new AtomicInteger();
    HlsLiveMuxer muxer = muxerOn(stream, new HlsOptions().setSegmentMillis(2_000).setWindow(3), firsts);

    units(0).forEach(stream::publish);

    MediaPlaylist playlist = muxer.playlist();
    assertThat(firsts.get()).isEqualTo(1);
    assertThat(playlist.segments()).hasSize(3); // 9 s of media in 2 s segments, window of 3
    assertThat(playlist.mediaSequence()).isGreaterThanOrEqualTo(1);
    for (PlaylistSegment s : playlist.segments()) {
      assertThat(s.independent()).isTrue();
      assertThat(s.durationSeconds()).isBetween(1.9, 2.1); // 1 s GOP: the first keyframe past 2 s
      assertThat(muxer.segment(s.uri())).isNotNull();
      assertThat(muxer.segment(s.uri()).size() % 188).isZero();
    }
    String text = PlaylistWriter.write(playlist);
    assertThat(text).contains("#EXT-X-PROGRAM-DATE-TIME").doesNotContain("#EXT-X-ENDLIST");
  }

  @Test
  void shouldCountTheAudioHeldBeforeTheFirstKeyframeOfAnAudioFirstJoin() throws Exception {
    Stream stream = hub.open(new StreamKey("1", 8));
    HlsLiveMuxer muxer = muxerOn(stream, new HlsOptions().setSegmentMillis(2_000).setWindow(3), new AtomicInteger());
    int keyframes = 0;
    int audioBeforeVideo = 0;

    // as nginx-rtmp starts a player mid-GOP: audio at once, video only from the next keyframe (the second here)
    for (MediaUnit unit : units(0)) {
      boolean video = unit.track() == Track.VIDEO;
      keyframes += video && unit.keyframe() ? 1 : 0;
      if (video && keyframes < 2) {
        unit.release();
        continue;
      }
      audioBeforeVideo += !video && keyframes < 2 ? 1 : 0;
      stream.publish(unit);
    }

    assertThat(audioBeforeVideo).isPositive();
    assertThat(muxer.heldAudioUnits()).isEqualTo(audioBeforeVideo);
    assertThat(muxer.segmentsMade()).isPositive();
    assertThat(muxer.playlist().segments().get(0).independent()).isTrue(); // the first segment starts at video
  }

  @Test
  void shouldWriteEachNewSegmentIntoThePlaylistTextAtOnceWithTheViewersToken() throws Exception {
    Stream stream = hub.open(new StreamKey("1", 5));
    HlsLiveMuxer muxer = muxerOn(stream, new HlsOptions().setSegmentMillis(2_000).setWindow(3), new AtomicInteger());
    List<String> seen = new ArrayList<>();
    long lastSegments = 0;

    for (MediaUnit unit : units(0)) {
      stream.publish(unit);
      if (muxer.segmentsMade() != lastSegments) { // a segment completed on this unit: no later update may be needed
        lastSegments = muxer.segmentsMade();
        MediaPlaylist now = muxer.playlist();
        String newest = now.segments().get(now.segments().size() - 1).uri();
        String text = muxer.playlistText().withToken("tok.en");
        assertThat(text).contains("\n" + newest + "?tok.en\n");
        assertThat(text).isEqualTo(PlaylistWriter.write(tokenized(now, "tok.en"))); // what players got before
        seen.add(newest);
      }
    }

    assertThat(seen).hasSizeGreaterThan(3).doesNotHaveDuplicates();
    assertThat(muxer.playlistText().withToken("t")).doesNotContain(seen.get(0)); // evicted from the text too
  }

  /** The playlist as it was written per request before the text was cached: {@code ?token} after each URI. */
  private static MediaPlaylist tokenized(MediaPlaylist p, String token) {
    List<PlaylistSegment> segments = new ArrayList<>();
    for (PlaylistSegment s : p.segments()) {
      segments.add(new PlaylistSegment(s.uri() + "?" + token, s.duration90k(), s.discontinuity(),
          s.programDateTimeMillis(), s.independent()));
    }
    return new MediaPlaylist(p.type(), p.targetDuration(), p.mediaSequence(), p.discontinuitySequence(), segments,
        p.ended());
  }

  @Test
  void shouldMarkADiscontinuityWhenTheSourceRestarts() throws Exception {
    Stream stream = hub.open(new StreamKey("1", 2));
    HlsLiveMuxer muxer = muxerOn(stream, new HlsOptions().setSegmentMillis(2_000).setWindow(10), new AtomicInteger());

    units(0).forEach(stream::publish);
    stream.sourceRestarted();
    units(0).forEach(stream::publish); // a reconnect: timestamps start again from zero

    List<PlaylistSegment> segments = muxer.playlist().segments();
    long marked = segments.stream().filter(PlaylistSegment::discontinuity).count();
    assertThat(marked).isEqualTo(1);
    assertThat(segments).allSatisfy(s -> assertThat(s.durationSeconds()).isBetween(0.0, 4.1));
    assertThat(PlaylistWriter.write(muxer.playlist())).contains("#EXT-X-DISCONTINUITY\n");
  }

  @Test
  void shouldPublishTheTailAndEndTheListWhenTheStreamEnds() throws Exception {
    Stream stream = hub.open(new StreamKey("1", 3));
    AtomicInteger ends = new AtomicInteger();
    HlsLiveMuxer muxer = new HlsLiveMuxer(stream, new HlsOptions().setWindow(10), PooledByteBufAllocator.DEFAULT,
        spool, m -> {}, m -> ends.incrementAndGet());
    made.add(muxer);
    stream.addReader("hls", ReaderLimits.DEFAULT, Runnable::run, muxer);
    units(0).forEach(stream::publish);
    long before = muxer.segmentsMade();

    stream.end();

    assertThat(ends.get()).isEqualTo(1);
    assertThat(muxer.ended()).isTrue();
    assertThat(muxer.segmentsMade()).isEqualTo(before + 1); // the open segment was published
    MediaPlaylist ended = muxer.playlist();
    assertThat(ended.ended()).isTrue();
    assertThat(muxer.playlistText().withToken("t")).endsWith("#EXT-X-ENDLIST\n");
    long listed90k = ended.segments().stream().mapToLong(PlaylistSegment::duration90k).sum();
    assertThat(listed90k / 90_000.0).isBetween(8.9, 9.1); // all 9 s of media, the last ~2 s included
    assertThat(muxer.listedMillis()).isEqualTo(listed90k / 90);
    for (PlaylistSegment s : ended.segments()) {
      assertThat(muxer.segment(s.uri())).isNotNull(); // still served while listed
    }

    List<LiveSegment> listed = served(muxer, ended.segments());
    muxer.releaseEnded(); // the grace is over

    assertThat(muxer.segment(ended.segments().get(0).uri())).isNull();
    assertThat(muxer.playlistText()).isNull();
    assertThat(muxer.bytesHeld()).isZero();
    Eventually.until("the ended window's files deleted", Duration.ofSeconds(5),
        () -> listed.stream().noneMatch(s -> Files.exists(s.file())));
  }

  @Test
  void shouldContinueAnEndedPlaylistWithADiscontinuityWhenTheStreamComesBack() throws Exception {
    StreamKey key = new StreamKey("1", 7);
    HlsLiveMuxer first = muxerOn(hub.open(key), new HlsOptions().setSegmentMillis(2_000).setWindow(10),
        new AtomicInteger());
    units(0).forEach(hub.find(key)::publish);
    Await.result(hub.stopNow(key).toCompletionStage()); // the camera stopped
    List<PlaylistSegment> before = first.playlist().segments();
    Stream again = hub.open(key);
    AtomicInteger firsts = new AtomicInteger();
    HlsLiveMuxer next = HlsLiveMuxer.continuing(first, again, m -> firsts.incrementAndGet(), m -> {});
    made.add(next);
    again.addReader("hls", ReaderLimits.DEFAULT, Runnable::run, next);
    assertThat(next.playlistText()).isNull(); // new viewers wait for the comeback's first segment
    assertThat(next.segment(before.get(0).uri())).isNotNull(); // while the old window stays served

    units(0).forEach(again::publish); // it comes back: timestamps start again from zero

    assertThat(firsts.get()).isEqualTo(1);
    MediaPlaylist playlist = next.playlist();
    assertThat(playlist.ended()).isFalse();
    assertThat(playlist.mediaSequence()).isEqualTo(0); // 10 listed: nothing slid out yet
    List<PlaylistSegment> segments = playlist.segments();
    assertThat(segments.subList(0, before.size())).isEqualTo(before); // the same playlist, continued
    assertThat(segments.get(before.size()).discontinuity()).isTrue();
    assertThat(segments.stream().filter(PlaylistSegment::discontinuity).count()).isEqualTo(1);
    assertThat(segments).extracting(PlaylistSegment::uri).doesNotHaveDuplicates();
    assertThat(served(next, segments)).allSatisfy(s -> assertThat(s).isNotNull());
    assertThat(PlaylistWriter.write(playlist)).contains("#EXT-X-DISCONTINUITY\n").doesNotContain("#EXT-X-ENDLIST");
    Await.result(hub.stopNow(key).toCompletionStage());
    next.releaseEnded();
    assertThat(next.bytesHeld()).isZero();
  }

  private static List<LiveSegment> served(HlsLiveMuxer muxer, List<PlaylistSegment> listed) {
    List<LiveSegment> served = new ArrayList<>();
    listed.forEach(s -> served.add(muxer.segment(s.uri())));
    return served;
  }

  @Test
  void shouldDeleteAnEvictedSegmentsFileWhileAReaderThatOpenedItFinishes() throws Exception {
    Stream stream = hub.open(new StreamKey("1", 5));
    HlsLiveMuxer muxer = muxerOn(stream, new HlsOptions().setSegmentMillis(2_000).setWindow(3).setRetainedAfterWindow(0),
        new AtomicInteger());
    List<MediaUnit> units = units(0);
    int firstRound = units.size() / 2;
    units.subList(0, firstRound).forEach(stream::publish); // a couple of segments made
    String name = muxer.playlist().segments().get(0).uri();
    LiveSegment segment = muxer.segment(name);
    Await.result(segment.written(), Duration.ofSeconds(5));
    try (FileChannel sending = FileChannel.open(segment.file())) { // GIVEN a response opened the segment's file
      units.subList(firstRound, units.size()).forEach(stream::publish);
      units(100_000L).forEach(stream::publish); // WHEN the window slides past it

      assertThat(muxer.segment(name)).isNull(); // THEN it is gone for new requests
      assertThat(segment.released()).isTrue();
      Eventually.until("the evicted segment's file deleted", Duration.ofSeconds(5), () -> !Files.exists(segment.file()));
      ByteBuffer bytes = ByteBuffer.allocate((int) segment.size() + 1);
      while (sending.read(bytes) > 0) {
        // the open reader still reads every byte of the unlinked file
      }
      bytes.flip();
      assertThat(bytes.remaining()).isEqualTo(segment.size());
      for (int i = 0; i < bytes.remaining(); i += 188) {
        assertThat(bytes.get(i)).isEqualTo((byte) 0x47); // sync_byte of every packet
      }
    }
  }

  @Test
  void shouldWriteEachKeptSegmentToItsSpoolFileAndCountItsBytesAgainstTheBound() throws Exception {
    Stream stream = hub.open(new StreamKey("1", 6));
    HlsLiveMuxer muxer = muxerOn(stream, new HlsOptions().setSegmentMillis(2_000).setWindow(10), new AtomicInteger());

    units(0).forEach(stream::publish);

    long size = 0;
    for (PlaylistSegment s : muxer.playlist().segments()) {
      LiveSegment segment = muxer.segment(s.uri());
      Await.result(segment.written(), Duration.ofSeconds(5));
      assertThat(segment.file().getParent()).isEqualTo(spool.directory());
      assertThat(Files.size(segment.file())).isEqualTo(segment.size());
      size += segment.size();
    }
    assertThat(muxer.bytesHeld()).isEqualTo(size);
  }

  @Test
  void shouldKeepMemoryUnderTheByteBound() throws Exception {
    Stream stream = hub.open(new StreamKey("1", 4));
    HlsOptions small = new HlsOptions().setSegmentMillis(500).setWindow(3).setMaxBytesPerStream(1024 * 1024);
    HlsLiveMuxer muxer = muxerOn(stream, small, new AtomicInteger());

    for (int round = 0; round < 4; round++) {
      units(round * 10_000L).forEach(stream::publish);
    }

    assertThat(muxer.bytesHeld()).isLessThanOrEqualTo(1024 * 1024);
    assertThat(muxer.segmentsMade()).isGreaterThan(10);
  }

  /** Keeps what a part listener hears: each part's start, bytes and end, and how it left. */
  private static final class PartsHeard implements PartListener {
    final List<PartStart> starts = new ArrayList<>();
    final List<Long> bytes = new ArrayList<>();
    final List<SegmentInfo> ends = new ArrayList<>();
    SegmentInfo tail;
    boolean detached;

    @Override
    public void open(long sequence) {
      open(new PartStart(sequence, 0, false, false));
    }

    @Override
    public void open(PartStart start) {
      starts.add(start);
      bytes.add(0L);
    }

    @Override
    public void write(ByteBuf chunk) {
      bytes.set(bytes.size() - 1, bytes.get(bytes.size() - 1) + chunk.readableBytes());
      chunk.release();
    }

    @Override
    public void close(SegmentInfo info) {
      ends.add(info);
    }

    @Override
    public void abort() {}

    @Override
    public void detached(SegmentInfo tail) {
      this.tail = tail;
      detached = true;
    }

    @Override
    public void ended() {}

    @Override
    public void failed(RuntimeException error) {
      throw new AssertionError(error);
    }
  }

  @Test
  void shouldHandAPartListenerTheLiveSegmentsAndTheOpenPartsBytesWhenItLeaves() throws Exception {
    Stream stream = hub.open(new StreamKey("1", 9));
    HlsLiveMuxer muxer = muxerOn(stream, new HlsOptions().setSegmentMillis(2_000).setWindow(10), new AtomicInteger());
    List<MediaUnit> units = units(0);
    PartsHeard heard = new PartsHeard();
    int i = 0;
    for (; i < units.size() / 4; i++) {
      stream.publish(units.get(i));
    }
    // GIVEN a listener that joins mid-part: it hears parts from the next one's start
    muxer.addPartListener(heard);
    for (; i < units.size() * 3 / 4; i++) {
      stream.publish(units.get(i));
    }
    // WHEN it leaves mid-part
    muxer.removePartListener(heard);
    for (; i < units.size(); i++) {
      stream.publish(units.get(i));
    }
    stream.end();

    // THEN it heard whole parts, each the live segment of the same number and size, then the open part's bytes so far
    assertThat(heard.detached).isTrue();
    assertThat(heard.starts).hasSize(heard.ends.size() + 1).allMatch(PartStart::keyframe);
    assertThat(heard.ends).hasSizeGreaterThanOrEqualTo(1);
    for (int p = 0; p < heard.ends.size(); p++) {
      SegmentInfo end = heard.ends.get(p);
      assertThat(end.sequence()).isEqualTo(heard.starts.get(p).sequence());
      assertThat(heard.bytes.get(p)).isEqualTo(end.sizeBytes());
      LiveSegment live = muxer.segment(muxer.playlist().segments().stream()
          .filter(s -> s.uri().endsWith("-" + end.sequence() + ".ts")).findFirst().orElseThrow().uri());
      assertThat(live.info()).isEqualTo(end);
    }
    SegmentInfo tail = heard.tail;
    assertThat(tail.sequence()).isEqualTo(heard.starts.get(heard.starts.size() - 1).sequence());
    assertThat(heard.bytes.get(heard.bytes.size() - 1)).isEqualTo(tail.sizeBytes()).isPositive();
    assertThat(tail.duration90k()).isPositive();
    // AND the live segment it left in went on: the same part, longer
    LiveSegment went = muxer.segment(muxer.playlist().segments().stream()
        .filter(s -> s.uri().endsWith("-" + tail.sequence() + ".ts")).findFirst().orElseThrow().uri());
    assertThat(went.info().startPts90k()).isEqualTo(tail.startPts90k());
    assertThat(went.size()).isGreaterThan((int) tail.sizeBytes());
    assertThat(went.info().duration90k()).isGreaterThan(tail.duration90k());
  }
}
