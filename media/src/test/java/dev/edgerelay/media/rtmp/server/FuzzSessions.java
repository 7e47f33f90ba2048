package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.amf0.Amf0;
import dev.edgerelay.media.amf0.Amf0Bombs;
import dev.edgerelay.media.amf0.Amf0Object;
import dev.edgerelay.media.rtmp.chunk.ChunkEncoder;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.MessageType;
import dev.edgerelay.media.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Generates what a fuzzing peer sends: each session is the bytes after an optional valid handshake, drawn
 * from one {@link Kind} with a seeded {@link Random}, so a failing session can be replayed from its seed.
 */
final class FuzzSessions {
  enum Kind {
    /** Random bytes instead of a handshake (sometimes starting with version 3). */
    RANDOM_HANDSHAKE(false),
    /** Random bytes after a valid handshake. */
    RANDOM_CHUNKS(true),
    /** A valid publish and play session with bytes flipped, inserted or cut. */
    MUTATED_SESSION(true),
    /** Chunk headers with extreme chunk stream ids, lengths, types and timestamps, and control extremes. */
    EXTREME_HEADERS(true),
    /** AMF0 reference bombs, deep nesting and oversized lengths in commands and data, sometimes mutated. */
    AMF_BOMB(true);

    final boolean handshake;

    Kind(boolean handshake) {
      this.handshake = handshake;
    }
  }

  private static final int[] CHUNK_STREAM_IDS = {2, 3, 4, 63, 64, 65, 319, 320, 65599};
  private static final int[] LENGTHS = {0, 1, 127, 128, 129, 65536, 8 * 1024 * 1024, 8 * 1024 * 1024 + 1, 0xFFFFFF};
  private static final int[] TIMESTAMPS = {0, 1, 0xFFFFFE, 0xFFFFFF};
  private static final long[] CONTROL_VALUES = {0, 1, 128, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, 16 * 1024 * 1024 + 1};

  private FuzzSessions() {}

  static byte[] bytes(Kind kind, Random random) {
    return switch (kind) {
      case RANDOM_HANDSHAKE -> randomHandshake(random);
      case RANDOM_CHUNKS -> randomBytes(random, 1 + random.nextInt(4000));
      case MUTATED_SESSION -> mutate(validSession(random), random);
      case EXTREME_HEADERS -> extremeHeaders(random);
      case AMF_BOMB -> amfBomb(random);
    };
  }

  private static byte[] randomHandshake(Random random) {
    byte[] bytes = randomBytes(random, 1 + random.nextInt(3100));
    if (random.nextBoolean()) {
      bytes[0] = 3; // the version we speak, so the random C1 and C2 are read
    }
    return bytes;
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** What FFmpeg sends to publish, then a play on the same connection. */
  private static byte[] validSession(Random random) {
    String name = "fuzz" + random.nextInt(4);
    return encode(
        CommandMessage.of(0, "connect", 1, Amf0Object.of("app", "live", "tcUrl", "rtmp://127.0.0.1/live")),
        CommandMessage.of(0, "releaseStream", 2, null, name),
        CommandMessage.of(0, "FCPublish", 3, null, name),
        CommandMessage.of(0, "createStream", 4, null),
        CommandMessage.of(1, "publish", 0, null, name, "live"),
        RtmpServerTest.avcSequenceHeader(),
        RtmpServerTest.frame(0, true),
        RtmpServerTest.frame(40, false),
        CommandMessage.of(0, "createStream", 5, null),
        CommandMessage.of(2, "play", 0, null, random.nextBoolean() ? "cam" : name));
  }

  private static byte[] encode(RtmpMessage... messages) {
    EmbeddedChannel encoder = new EmbeddedChannel(new ChunkEncoder());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (RtmpMessage m : messages) {
      encoder.writeOutbound(m);
      ByteBuf encoded;
      while ((encoded = encoder.readOutbound()) != null) {
        out.writeBytes(ByteBufUtil.getBytes(encoded));
        encoded.release();
      }
    }
    encoder.finishAndReleaseAll();
    return out.toByteArray();
  }

  /** Flips, inserts or cuts a few bytes, so most of the session still parses and the damage lands deep. */
  private static byte[] mutate(byte[] bytes, Random random) {
    byte[] out = bytes;
    int mutations = 1 + random.nextInt(8);
    for (int i = 0; i < mutations && out.length > 1; i++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(4)) {
        case 0 -> out[at] = (byte) random.nextInt(256);
        case 1 -> out[at] ^= (byte) (1 << random.nextInt(8));
        case 2 -> {
          byte[] longer = Arrays.copyOf(out, out.length + 4);
          System.arraycopy(out, at, longer, at + 4, out.length - at);
          System.arraycopy(randomBytes(random, 4), 0, longer, at, 4);
          out = longer;
        }
        default -> out = Arrays.copyOf(out, Math.max(1, at));
      }
    }
    return out;
  }

  private static byte[] extremeHeaders(Random random) {
    ByteBuf out = Unpooled.buffer();
    int headers = 1 + random.nextInt(20);
    for (int i = 0; i < headers; i++) {
      if (random.nextInt(4) == 0) {
        control(out, random);
        continue;
      }
      int csid = pick(random, CHUNK_STREAM_IDS);
      int format = random.nextInt(4);
      basicHeader(out, format, csid);
      int timestamp = pick(random, TIMESTAMPS);
      if (format < 3) {
        out.writeMedium(timestamp);
      }
      if (format < 2) {
        out.writeMedium(random.nextBoolean() ? pick(random, LENGTHS) : random.nextInt(1 << 24));
        out.writeByte(random.nextBoolean() ? pick(random, new int[] {1, 2, 8, 9, 15, 17, 18, 20, 22}) : random.nextInt(256));
      }
      if (format == 0) {
        out.writeIntLE(random.nextInt());
      }
      if (timestamp == 0xFFFFFF || random.nextInt(8) == 0) {
        out.writeInt(random.nextInt()); // an extended timestamp, or 4 bytes a reader may take for one
      }
      out.writeBytes(randomBytes(random, random.nextInt(300)));
    }
    byte[] bytes = ByteBufUtil.getBytes(out);
    out.release();
    return bytes;
  }

  /** Set Chunk Size, Abort or Window Acknowledgement Size with an extreme value, on chunk stream 2. */
  private static void control(ByteBuf out, Random random) {
    int type = pick(random, new int[] {MessageType.SET_CHUNK_SIZE, MessageType.ABORT, MessageType.WINDOW_ACK_SIZE});
    out.writeByte(2).writeMedium(0).writeMedium(4).writeByte(type).writeIntLE(0);
    out.writeInt((int) CONTROL_VALUES[random.nextInt(CONTROL_VALUES.length)]);
  }

  private static void basicHeader(ByteBuf out, int format, int csid) {
    if (csid < 64) {
      out.writeByte(format << 6 | csid);
    } else if (csid < 320) {
      out.writeByte(format << 6).writeByte(csid - 64);
    } else {
      out.writeByte(format << 6 | 1).writeShortLE(csid - 64); // spec 5.3.1.1: low byte first
    }
  }

  private static byte[] amfBomb(Random random) {
    byte[] payload = switch (random.nextInt(6)) {
      case 0 -> Amf0Bombs.referenceBomb(20 + random.nextInt(21));
      case 1 -> Amf0Bombs.chainBomb(12 + random.nextInt(29));
      case 2 -> nested(40 + random.nextInt(60));
      case 3 -> new byte[] {Amf0.LONG_STRING, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'x'};
      case 4 -> new byte[] {Amf0.STRICT_ARRAY, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, Amf0.NULL};
      default -> mutate(Amf0Bombs.referenceBomb(16 + random.nextInt(10)), random);
    };
    int type = pick(random, new int[] {MessageType.COMMAND_AMF0, MessageType.DATA_AMF0, MessageType.COMMAND_AMF3});
    if (type == MessageType.COMMAND_AMF3) {
      payload = prefix((byte) 0, payload); // the AMF3 envelope's format byte
    }
    return HostileSessions.message(3, type, 0, payload);
  }

  /** {@code depth} objects, each the only property of the one around it. */
  private static byte[] nested(int depth) {
    ByteBuf out = Unpooled.buffer();
    for (int i = 0; i < depth; i++) {
      out.writeByte(Amf0.OBJECT).writeShort(1).writeByte('o');
    }
    out.writeByte(Amf0.NULL);
    for (int i = 0; i < depth; i++) {
      out.writeShort(0).writeByte(Amf0.OBJECT_END);
    }
    byte[] bytes = ByteBufUtil.getBytes(out);
    out.release();
    return bytes;
  }

  private static byte[] prefix(byte first, byte[] rest) {
    byte[] out = new byte[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private static int pick(Random random, int[] values) {
    return values[random.nextInt(values.length)];
  }
}
