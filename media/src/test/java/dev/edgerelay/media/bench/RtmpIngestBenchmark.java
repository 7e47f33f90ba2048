package dev.edgerelay.media.bench;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.flv.FlvUnitMapper;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.chunk.ChunkDecoder;
import dev.edgerelay.media.rtmp.chunk.ChunkEncoder;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.RtmpMessage;
import dev.edgerelay.media.rtmp.message.SetChunkSize;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Replays a synthetic RTMP byte stream of a 2 Mbps 720p camera (30 fps H.264, a keyframe every 2 s,
 * 44.1 kHz AAC), chunk-encoded by our own encoder at 4096-byte chunks, through chunk decoding, message
 * reassembly and FLV-to-unit mapping on one thread, without a handshake; then the same media bundled in
 * aggregate messages, as FMS-style origins send it, through the same path plus aggregate splitting. Reports MB/s of wire bytes
 * per core (over the thread's CPU time) and heap bytes allocated per message (ThreadMXBean).
 *
 * <p>Run (in its own JVM; the argument is the rounds per figure, 100 by default):
 * {@code mvn -B -o -q -pl media test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java
 * -Dexec.classpathScope=test "-Dexec.args=-cp %classpath dev.edgerelay.media.bench.RtmpIngestBenchmark 300"}
 */
public final class RtmpIngestBenchmark {
  private static final int SECONDS_OF_MEDIA = 60;
  private static final int FPS = 30;
  private static final int BITRATE = 2_000_000;
  /** Socket reads deliver at most this much at a time (Netty's adaptive receive buffer tops out at 64 KiB). */
  private static final int READ_SIZE = 64 * 1024;
  private static final int WARMUP_ROUNDS = 20;
  /** Media per aggregate in the aggregated replay: FMS-style origins bundle about this much. */
  private static final int AGGREGATE_MILLIS = 100;
  /** Rounds per measured figure; the first argument overrides it (longer runs for a profiler). */
  private static final int MEASURED_ROUNDS = 100;

  /** Counts units and releases everything; stands in for the stream hub. */
  static final class UnitSink extends ChannelInboundHandlerAdapter {
    UnitSink(boolean map) {
      this.map = map;
    }

    final FlvUnitMapper mapper = new FlvUnitMapper("bench", ByteBufAllocator.DEFAULT);
    final boolean map;
    long messages;
    long units;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      messages++;
      if (map && msg instanceof MediaMessage m) {
        MediaUnit unit = m.isVideo() ? mapper.mapVideo(m.timestamp(), m.content(), 0)
            : mapper.mapAudio(m.timestamp(), m.content(), 0);
        if (unit != null) {
          units++;
          unit.release();
        }
      }
      ReferenceCountUtil.release(msg);
    }
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : MEASURED_ROUNDS;
    byte[] wire = syntheticStream();
    System.out.printf("stream: %d s of 720p30 at %d kbit/s video + AAC, %d messages, %.1f MB on the wire%n",
        SECONDS_OF_MEDIA, BITRATE / 1000, messageCount(), wire.length / 1e6);
    for (int i = 0; i < WARMUP_ROUNDS; i++) {
      replay(wire, true);
      replay(wire, false);
    }
    report("decode+reassemble+map", wire, true, rounds);
    report("decode+reassemble only", wire, false, rounds);
    byte[] aggregated = aggregatedStream();
    System.out.printf("the same media in %d ms aggregates: %.1f MB on the wire%n", AGGREGATE_MILLIS, aggregated.length / 1e6);
    for (int i = 0; i < WARMUP_ROUNDS; i++) {
      replay(aggregated, true);
    }
    report("aggregated: decode+reassemble+split+map", aggregated, true, rounds);
    System.out.printf("baseline on this machine: copying the same bytes into pooled buffers runs at %.0f MB/s%n",
        copyBaseline(wire));
  }

  /**
   * MB/s per core is wire bytes over this thread's CPU time, so that other processes on a shared machine
   * do not lower the figure; wall-clock MB/s is printed beside it.
   */
  private static void report(String label, byte[] wire, boolean map, int rounds) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long cpuBefore = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long messages = 0;
    long units = 0;
    for (int i = 0; i < rounds; i++) {
      UnitSink sink = replay(wire, map);
      messages += sink.messages;
      units += sink.units;
    }
    long wallNanos = System.nanoTime() - start;
    long cpuNanos = threads.getCurrentThreadCpuTime() - cpuBefore;
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    double megabytes = (double) wire.length * rounds / 1e6;
    System.out.printf("%s: %.0f MB/s per core (CPU %.2f s; wall %.0f MB/s), %.2f µs CPU per message, "
            + "%.0f heap bytes per message, units %d of %d messages%n",
        label, megabytes / (cpuNanos / 1e9), cpuNanos / 1e9, megabytes / (wallNanos / 1e9),
        cpuNanos / 1e3 / messages, (double) allocated / messages, units, messages);
  }

  /** The floor any decoder pays here: one copy of every byte from the socket read into a message buffer. */
  private static double copyBaseline(byte[] wire) {
    ByteBuf source = Unpooled.wrappedBuffer(wire);
    long start = System.nanoTime();
    for (int round = 0; round < MEASURED_ROUNDS; round++) {
      for (int from = 0; from < wire.length; from += READ_SIZE) {
        int n = Math.min(READ_SIZE, wire.length - from);
        ByteBuf target = ByteBufAllocator.DEFAULT.buffer(n);
        target.writeBytes(source, from, n);
        target.release();
      }
    }
    return (double) wire.length * MEASURED_ROUNDS / 1e6 / ((System.nanoTime() - start) / 1e9);
  }

  private static UnitSink replay(byte[] wire, boolean map) {
    UnitSink sink = new UnitSink(map);
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpConfig.defaults().chunkLimits()), sink);
    for (int from = 0; from < wire.length; from += READ_SIZE) {
      channel.writeInbound(Unpooled.wrappedBuffer(wire, from, Math.min(READ_SIZE, wire.length - from)));
    }
    channel.finishAndReleaseAll();
    return sink;
  }

  private static long messageCount() {
    return 1 + 2 + (long) SECONDS_OF_MEDIA * FPS + (long) SECONDS_OF_MEDIA * 44_100 / 1024;
  }

  /** Video frames sized so a 2 s GOP averages 2 Mbit/s with a keyframe 8 times a P-frame; AAC at 128 kbit/s. */
  static byte[] syntheticStream() {
    EmbeddedChannel encoder = new EmbeddedChannel(new ChunkEncoder());
    write(encoder, new SetChunkSize(4096));
    syntheticMessages().forEach(m -> write(encoder, m));
    return drain(encoder);
  }

  /**
   * The same media bundled into aggregate messages (spec 7.1.6) of {@link #AGGREGATE_MILLIS}, as FMS-style
   * origins send it: sub-headers carry file-relative times 10 s ahead of the aggregate's, to be rebased.
   */
  static byte[] aggregatedStream() {
    EmbeddedChannel encoder = new EmbeddedChannel(new ChunkEncoder());
    write(encoder, new SetChunkSize(4096));
    ByteBuf wire = Unpooled.wrappedBuffer(drain(encoder));
    ByteBuf aggregate = Unpooled.buffer();
    long windowStart = -1;
    for (MediaMessage m : syntheticMessages()) {
      if (windowStart >= 0 && m.timestamp() >= windowStart + AGGREGATE_MILLIS) {
        wire = Unpooled.wrappedBuffer(wire, chunked(windowStart, aggregate));
        aggregate = Unpooled.buffer();
        windowStart = -1;
      }
      if (windowStart < 0) {
        windowStart = m.timestamp();
      }
      long fileTime = m.timestamp() + 10_000;
      int size = m.content().readableBytes();
      aggregate.writeByte(m.typeId()).writeMedium(size).writeMedium((int) fileTime).writeByte((int) (fileTime >>> 24))
          .writeMedium(0).writeBytes(m.content()).writeInt(11 + size);
      m.release();
    }
    wire = Unpooled.wrappedBuffer(wire, chunked(windowStart, aggregate));
    return ByteBufUtil.getBytes(wire);
  }

  /** One aggregate on chunk stream 6 in 4096-byte chunks: a format 0 header, then format 3 continuations. */
  private static ByteBuf chunked(long timestamp, ByteBuf payload) {
    ByteBuf out = Unpooled.buffer(payload.readableBytes() + payload.readableBytes() / 4096 + 16);
    out.writeByte(6).writeMedium((int) timestamp).writeMedium(payload.readableBytes()).writeByte(22).writeIntLE(1);
    out.writeBytes(payload, Math.min(4096, payload.readableBytes()));
    while (payload.isReadable()) {
      out.writeByte(0xC6).writeBytes(payload, Math.min(4096, payload.readableBytes()));
    }
    payload.release();
    return out;
  }

  private static java.util.List<MediaMessage> syntheticMessages() {
    SplittableRandom random = new SplittableRandom(42);
    java.util.List<MediaMessage> messages = new java.util.ArrayList<>();
    byte[] avcConfig = HexFormat.of().parseHex("0164001FFFE1001967640 01FACD940500 5BB011000000300 1000000303C0F18319 60".replace(" ", "")
        + "01000468EBECB22C");
    messages.add(MediaMessage.video(0, 1, body("1700000000", avcConfig)));
    messages.add(MediaMessage.audio(0, 1, body("AF00", HexFormat.of().parseHex("1210"))));
    int gop = 2 * FPS;
    int bytesPerGop = BITRATE / 8 * 2;
    int pFrame = bytesPerGop / (gop - 1 + 8);
    double audioMillis = 1024 * 1000.0 / 44_100;
    double nextAudio = 0;
    for (int frame = 0; frame < SECONDS_OF_MEDIA * FPS; frame++) {
      long ts = frame * 1000L / FPS;
      while (nextAudio <= ts) {
        messages.add(MediaMessage.audio((long) nextAudio, 1, body("AF01", randomBytes(random, 370))));
        nextAudio += audioMillis;
      }
      boolean key = frame % gop == 0;
      int size = key ? 8 * pFrame : pFrame;
      byte[] nal = randomBytes(random, size);
      nal[0] = 0;
      nal[1] = (byte) ((size - 4) >>> 16);
      nal[2] = (byte) ((size - 4) >>> 8);
      nal[3] = (byte) (size - 4);
      nal[4] = (byte) (key ? 0x65 : 0x41); // IDR or non-IDR slice
      messages.add(MediaMessage.video(ts, 1, body(key ? "1701000000" : "2701000000", nal)));
    }
    return messages;
  }

  private static byte[] drain(EmbeddedChannel encoder) {
    ByteBuf all = Unpooled.buffer();
    ByteBuf part;
    while ((part = encoder.readOutbound()) != null) {
      all.writeBytes(part);
      part.release();
    }
    encoder.finishAndReleaseAll();
    byte[] bytes = ByteBufUtil.getBytes(all);
    all.release();
    return bytes;
  }

  private static void write(EmbeddedChannel encoder, RtmpMessage message) {
    encoder.writeOutbound(message);
  }

  private static ByteBuf body(String headerHex, byte[] rest) {
    return Unpooled.wrappedBuffer(HexFormat.of().parseHex(headerHex), rest);
  }

  private static byte[] randomBytes(SplittableRandom random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }
}
