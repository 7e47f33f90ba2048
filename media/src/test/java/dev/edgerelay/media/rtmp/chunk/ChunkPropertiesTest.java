package dev.edgerelay.media.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.amf0.Amf0Object;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.MessageType;
import dev.edgerelay.media.rtmp.message.RtmpMessage;
import dev.edgerelay.media.rtmp.message.SetChunkSize;
import dev.edgerelay.media.rtmp.message.UserControlMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ChunkPropertiesTest {
  /** Small limits, so that random input reaches them. */
  private static final RtmpConfig LIMITS = RtmpConfig.defaults().setMaxMessageSize(4096).setMaxChunkStreams(4)
      .setMaxChunkSize(8192);

  /** Records the largest bounded buffer asked for: message buffers carry their declared length as bound. */
  static final class TrackingAllocator extends AbstractByteBufAllocator {
    int largestBound;

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      if (maxCapacity != Integer.MAX_VALUE) {
        largestBound = Math.max(largestBound, maxCapacity);
      }
      return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      return newHeapBuffer(initialCapacity, maxCapacity);
    }
  }

  @Property(tries = 1000)
  void randomBytesNeverEscapeTheDecoderNorPassTheLimits(@ForAll @Size(max = 512) byte[] bytes,
      @ForAll @IntRange(min = 1, max = 64) int split) {
    feed(bytes, split);
  }

  @Property(tries = 500)
  void mutatedStreamsNeverEscapeTheDecoderNorPassTheLimits(@ForAll("messages") List<RtmpMessage> messages,
      @ForAll @Size(min = 1, max = 6) List<Integer> positions, @ForAll byte replacement) {
    byte[] bytes = encode(messages);
    for (int p : positions) {
      bytes[Math.floorMod(p, bytes.length)] = replacement;
    }
    feed(bytes, 7);
  }

  @Property(tries = 500)
  void whatIsEncodedDecodesToTheSameMessages(@ForAll("messages") List<RtmpMessage> messages) {
    List<Object> expected = messages.stream().map(ChunkFixtures::comparable).toList();
    byte[] bytes = encode(messages);
    assertThat(ChunkCodecTest.decode(RtmpConfig.defaults(), bytes)).isEqualTo(expected);
  }

  private static void feed(byte[] bytes, int split) {
    TrackingAllocator alloc = new TrackingAllocator();
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.config().setOption(ChannelOption.ALLOCATOR, alloc);
    channel.pipeline().addLast(new ChunkDecoder(LIMITS.chunkLimits()));
    for (int from = 0; from < bytes.length && channel.isOpen(); from += split) {
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, from, Math.min(split, bytes.length - from)));
      Object m;
      while ((m = channel.readInbound()) != null) {
        if (m instanceof MediaMessage media) {
          assertThat(media.content().readableBytes()).isLessThanOrEqualTo(LIMITS.maxMessageSize());
        }
        ReferenceCountUtil.release(m);
      }
    }
    assertThat(alloc.largestBound).isLessThanOrEqualTo(LIMITS.maxMessageSize());
    channel.finishAndReleaseAll();
  }

  /** Encodes with a chunk size set first, as a peer would; the decoder learns it from the stream. */
  private static byte[] encode(List<RtmpMessage> messages) {
    EmbeddedChannel channel = new EmbeddedChannel(new ChunkEncoder());
    messages.forEach(m -> channel.writeOutbound(m instanceof MediaMessage media ? media.retainedDuplicate() : m));
    ByteBuf all = Unpooled.buffer();
    ByteBuf part;
    while ((part = channel.readOutbound()) != null) {
      all.writeBytes(part);
      part.release();
    }
    channel.finishAndReleaseAll();
    return ByteBufUtil.getBytes(all);
  }

  @Provide
  Arbitrary<List<RtmpMessage>> messages() {
    Arbitrary<Long> timestamps = Arbitraries.oneOf(Arbitraries.longs().between(0, 100_000),
        Arbitraries.longs().between(0xFFFFF0L, 0x1000010L), // around the extended timestamp threshold
        Arbitraries.longs().between(0, 0xFFFFFFFFL));
    Arbitrary<RtmpMessage> media = Combinators.combine(Arbitraries.of(MessageType.AUDIO, MessageType.VIDEO),
        timestamps, Arbitraries.integers().between(1, 3), Arbitraries.bytes().array(byte[].class).ofMaxSize(700))
        .as((type, ts, sid, body) -> new MediaMessage(type, ts, sid, Unpooled.wrappedBuffer(body)));
    Arbitrary<RtmpMessage> control = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 7).map(e -> UserControlMessage.of(e == 3 ? 0 : e, 1)),
        Arbitraries.strings().alpha().ofMaxLength(30).map(s ->
            CommandMessage.of(0, "play", 0, null, s, Amf0Object.of("k", s))));
    Arbitrary<RtmpMessage> any = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, media), net.jqwik.api.Tuple.of(2, control));
    return Combinators.combine(Arbitraries.integers().between(1, 1024), any.list().ofMaxSize(20))
        .as((chunkSize, list) -> {
          List<RtmpMessage> all = new ArrayList<>();
          all.add(new SetChunkSize(chunkSize));
          all.addAll(list);
          return all;
        });
  }
}
