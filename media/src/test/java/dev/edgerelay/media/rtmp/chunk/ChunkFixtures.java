package dev.edgerelay.media.rtmp.chunk;

import static dev.edgerelay.media.amf0.Hex.bytes;

import dev.edgerelay.media.rtmp.message.AbortMessage;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.RtmpMessage;
import dev.edgerelay.media.rtmp.message.SetChunkSize;
import dev.edgerelay.media.rtmp.message.SetPeerBandwidth;
import dev.edgerelay.media.rtmp.message.UserControlMessage;
import dev.edgerelay.media.rtmp.message.WindowAcknowledgementSize;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Chunk stream fixtures: the bytes on the wire, commented field by field, and the messages they carry.
 * {@code canonical} marks bytes our encoder produces itself; the others are forms peers send.
 */
final class ChunkFixtures {
  record Fixture(String name, boolean canonical, byte[] bytes, Supplier<List<RtmpMessage>> messages) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A 200-byte AVC keyframe body: FLV video tag header 0x17 0x01, composition time 0, then filler. */
  static final String KEYFRAME_200 = "17" + "01" + "000000" + "AA".repeat(195);

  static List<Fixture> all() {
    return List.of(
        new Fixture("set chunk size", true, bytes(
            "02", // fmt 0, chunk stream 2
            "000000", "000004", "01", "00000000", // timestamp 0, length 4, type 1, message stream 0 (LE)
            "00001000"), // chunk size 4096
            () -> List.of(new SetChunkSize(4096))),
        new Fixture("window acknowledgement size", true, bytes(
            "02", "000000", "000004", "05", "00000000",
            "002625A0"), // 2 500 000
            () -> List.of(new WindowAcknowledgementSize(2_500_000))),
        new Fixture("set peer bandwidth then user control on a compressed header", true, bytes(
            "02", "000000", "000005", "06", "00000000",
            "002625A0", "02", // window 2 500 000, limit type dynamic
            "42", // fmt 1, chunk stream 2: same message stream
            "000000", "000006", "04", // delta 0, length 6, type 4 (user control)
            "0000", "00000001"), // event stream begin, stream 1
            () -> List.of(new SetPeerBandwidth(2_500_000, SetPeerBandwidth.DYNAMIC),
                UserControlMessage.of(UserControlMessage.STREAM_BEGIN, 1))),
        new Fixture("command deleteStream", true, bytes(
            "03", "000000", "000022", "14", "00000000", // chunk stream 3, 34 bytes, type 20 (AMF0 command)
            "02", "000C", "64656C65746553747265616D", // "deleteStream"
            "00", "4010000000000000", // transaction id 4
            "05", // command object null
            "00", "3FF0000000000000"), // stream id 1
            () -> List.of(CommandMessage.of(0, "deleteStream", 4, null, 1.0))),
        new Fixture("video over two chunks of the default 128 bytes", true, bytes(
            "06", "000028", "0000C8", "09", "01000000", // chunk stream 6, ts 40, 200 bytes, video, stream 1
            KEYFRAME_200.substring(0, 256), // first 128 bytes
            "C6", // fmt 3 continuation on chunk stream 6
            KEYFRAME_200.substring(256)), // last 72 bytes
            () -> List.of(video(40, KEYFRAME_200))),
        new Fixture("second message with format 1 and format 2 headers", true, bytes(
            "06", "000028", "000003", "09", "01000000", "270100", // ts 40, 3 bytes
            "46", "000028", "000004", "09", "27010000", // fmt 1: delta 40, 4 bytes, video
            "86", "000028", "27010001"), // fmt 2: delta 40, same length and type
            () -> List.of(video(40, "270100"), video(80, "27010000"), video(120, "27010001"))),
        new Fixture("format 3 header starting a message repeats the delta", false, bytes(
            "06", "000028", "000002", "09", "01000000", "2701", // ts 40
            "86", "000014", "2702", // fmt 2: delta 20 -> 60
            "C6", "2703"), // fmt 3 new message: delta 20 again -> 80
            () -> List.of(video(40, "2701"), video(60, "2702"), video(80, "2703"))),
        new Fixture("extended timestamp repeated on the continuation", true, bytes(
            "06", "FFFFFF", "0000C8", "09", "01000000", // timestamp field all ones: extended follows
            "01000000", // extended timestamp 0x01000000 (about 4.6 hours)
            KEYFRAME_200.substring(0, 256),
            "C6", "01000000", // continuation repeats it, as the spec and FFmpeg do
            KEYFRAME_200.substring(256)),
            () -> List.of(video(0x01000000L, KEYFRAME_200))),
        new Fixture("extended timestamp not repeated on the continuation", false, bytes(
            "06", "FFFFFF", "0000C8", "09", "01000000", "01000000",
            KEYFRAME_200.substring(0, 256),
            "C6", // continuation without the 4 bytes, as some Flash-era servers send
            KEYFRAME_200.substring(256)),
            () -> List.of(video(0x01000000L, KEYFRAME_200))),
        new Fixture("two-byte basic header", false, bytes(
            "00", "00", // fmt 0, id 0: chunk stream 64 + 0
            "000000", "000001", "08", "01000000", "AF"),
            () -> List.of(MediaMessage.audio(0, 1, Unpooled.wrappedBuffer(bytes("AF"))))),
        new Fixture("three-byte basic header at the highest id", false, bytes(
            "01", "FF", "FF", // fmt 0, id 1: chunk stream 64 + 255 + 255 * 256 = 65599
            "000000", "000001", "08", "01000000", "AF"),
            () -> List.of(MediaMessage.audio(0, 1, Unpooled.wrappedBuffer(bytes("AF"))))),
        new Fixture("abort drops the partial message", false, bytes(
            "06", "000000", "0000C8", "09", "01000000", KEYFRAME_200.substring(0, 256), // first of two chunks
            "02", "000000", "000004", "02", "00000000", "00000006", // abort chunk stream 6
            "06", "000050", "000002", "09", "01000000", "2701"), // a new message on chunk stream 6
            () -> List.of(new AbortMessage(6), video(80, "2701"))),
        new Fixture("aggregate of video, audio and data rebased onto its own timestamp", false, bytes(
            "04", "0003E8", "00003C", "16", "01000000", // csid 4, ts 1000, 60 bytes, type 22 (aggregate), stream 1
            "09", "000005", "001388", "00", "000000", // video, 5 bytes, ts 5000 (the base), high byte 0, stream 0
            "1701000000", // AVC keyframe NALU header, composition time 0
            "00000010", // back pointer: 11 + 5
            "08", "000003", "0013A0", "00", "000000", // audio, 3 bytes, ts 5024: 24 after the base
            "AF0121", // AAC raw frame
            "0000000E", // back pointer: 11 + 3
            "12", "000007", "0013B0", "00", "000000", // AMF0 data, 7 bytes, ts 5040
            "02", "0004", "74657374", // "test"
            "00000012"), // back pointer: 11 + 7
            () -> List.of(video(1000, "1701000000"), audio(1024, "AF0121"),
                new DataMessage(1040, 1, List.of("test")))),
        new Fixture("aggregate over two chunks, high timestamp byte, back pointer not checked", false, bytes(
            "04", "000050", "0000E9", "16", "01000000", // ts 80, 233 bytes, aggregate, stream 1
            "09", "0000C8", "000000", "01", "000000", // video, 200 bytes, ts 0x01000000 (high byte 1)
            KEYFRAME_200.substring(0, 2 * 117), // the first 128-byte chunk ends 117 bytes into the body
            "C4", // fmt 3 continuation on csid 4
            KEYFRAME_200.substring(2 * 117),
            "00000000", // a back pointer that is wrong (should be 211): tolerated
            "08", "000003", "000014", "01", "000000", // audio, 3 bytes, ts 0x01000014: 20 after the base
            "AF0121", "0000000E"),
            () -> List.of(video(80, KEYFRAME_200), audio(100, "AF0121"))),
        new Fixture("AMF3 command: format byte then AMF0 values", false, bytes(
            "03", "000000", "00001A", "11", "00000000", // csid 3, 26 bytes, type 17 (AMF3 command)
            "00", // format byte
            "02", "000C", "63726561746553747265616D", // "createStream"
            "00", "4000000000000000", // transaction id 2
            "05"), // command object null
            () -> List.of(CommandMessage.of(0, "createStream", 2, null))),
        new Fixture("AMF3 command switching to AMF3 for an argument we do not need", false, bytes(
            "03", "000000", "00001D", "11", "00000000", // 29 bytes, type 17
            "00", // format byte
            "02", "000C", "63726561746553747265616D", // "createStream"
            "00", "4000000000000000", "05", // transaction id 2, command object null
            "11", "0A", "01"), // avmplus-object marker, then an AMF3 anonymous dynamic object: dropped
            () -> List.of(CommandMessage.of(0, "createStream", 2, null))),
        new Fixture("AMF3 data: format byte then AMF0 values", false, bytes(
            "05", "000064", "000008", "0F", "01000000", // csid 5, ts 100, 8 bytes, type 15 (AMF3 data), stream 1
            "00", // format byte
            "02", "0004", "74657374"), // "test"
            () -> List.of(new DataMessage(100, 1, List.of("test")))),
        new Fixture("shared object ignored, the next message delivered", false, bytes(
            "03", "000000", "000003", "13", "00000000", "000000", // type 19 (AMF0 shared object), 3 bytes
            "06", "000028", "000002", "09", "01000000", "2701"), // then a video message
            () -> List.of(video(40, "2701"))));
  }

  static MediaMessage audio(long timestamp, String hex) {
    return MediaMessage.audio(timestamp, 1, Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));
  }

  static MediaMessage video(long timestamp, String hex) {
    return MediaMessage.video(timestamp, 1, Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));
  }

  /** Messages as comparable values: records as they are, media by type, timestamp, stream and bytes. */
  static Object comparable(Object message) {
    if (message instanceof MediaMessage m) {
      return m.typeId() + "@" + m.timestamp() + "/" + m.streamId() + ":" + ByteBufUtil.hexDump(m.content());
    }
    return message;
  }

  private ChunkFixtures() {}
}
