package dev.edgerelay.media.rtmp.server;

import static dev.edgerelay.media.amf0.Hex.bytes;
import static dev.edgerelay.media.rtmp.server.RtmpServerTest.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.amf0.Amf0Encoder;
import dev.edgerelay.media.amf0.Amf0Object;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.message.CommandMessage;
import dev.edgerelay.media.rtmp.message.MessageType;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.testing.Eventually;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A publisher that speaks in AMF3 envelopes, as FMS and Wowza clients do (commands type 17, data type 15,
 * each a 0 format byte then AMF0), with an AMF3 value at the end of connect and a shared object message
 * on the way: it is answered and relayed as if it had used types 20 and 18.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Amf3EnvelopeRelayTest {
  /** One fmt 0 chunk on csid 3 (under 128 bytes): format byte 0, the AMF0 values, then {@code trailingHex}. */
  private static byte[] envelope(int typeId, int streamId, String trailingHex, Object... values) {
    ByteBuf body = Unpooled.buffer().writeByte(0);
    Amf0Encoder.encodeAll(body, Arrays.asList(values));
    body.writeBytes(bytes(trailingHex));
    ByteBuf chunk = Unpooled.buffer().writeByte(0x03).writeMedium(0).writeMedium(body.readableBytes())
        .writeByte(typeId).writeIntLE(streamId).writeBytes(body);
    assertThat(body.readableBytes()).as("one chunk").isLessThanOrEqualTo(128);
    return ByteBufUtil.getBytes(chunk);
  }

  @Test
  void shouldAnswerAndRelayAPublisherThatUsesAmf3Envelopes() throws Exception {
    try (RtmpServer server = RtmpServer.create(RtmpConfig.defaults(), request -> null).bind("127.0.0.1", 0);
        RtmpClient client = RtmpClient.create(RtmpConfig.defaults());
        RawRtmpPeer publisher = new RawRtmpPeer(server.port())) {
      publisher.send(envelope(MessageType.COMMAND_AMF3, 0,
          "110A0B01", // avmplus-object marker, then an empty AMF3 dynamic object: dropped, not needed
          "connect", 1.0, Amf0Object.of("app", "live", "objectEncoding", 3.0)));
      CommandMessage connected = publisher.awaitCommand(NetStatus.RESULT);
      assertThat(connected.transactionId()).isEqualTo(1.0);
      assertThat(NetStatus.code(connected)).isEqualTo(NetStatus.CONNECT_SUCCESS);
      publisher.send(envelope(MessageType.COMMAND_AMF3, 0, "", "createStream", 2.0, null));
      assertThat(publisher.awaitCommand(NetStatus.RESULT).argument(0)).isEqualTo(1.0);
      publisher.send(bytes("04", "000000", "000003", "13", "00000000", "000000")); // AMF0 shared object: ignored
      publisher.send(envelope(MessageType.COMMAND_AMF3, 1, "", "publish", 0.0, null, "cam", "live"));
      assertThat(NetStatus.code(publisher.awaitCommand(NetStatus.ON_STATUS))).isEqualTo(NetStatus.PUBLISH_START);
      publisher.send(envelope(MessageType.DATA_AMF3, 1, "", "@setDataFrame", "onMetaData", Amf0Object.of("width", 320.0)));
      LiveStream stream = server.registry().find("live", "cam");
      publisher.send(RtmpServerTest.avcSequenceHeader(), RtmpServerTest.frame(0, true));
      Eventually.until("the publisher's frames", DEADLINE, () -> stream.frames() == 2);

      RtmpServerTest.CountingListener player = new RtmpServerTest.CountingListener();
      client.play("rtmp://127.0.0.1:" + server.port() + "/live/cam", player).started().get(10, TimeUnit.SECONDS);
      Eventually.until("sequence header and keyframe", DEADLINE, () -> player.frames.get() == 2);
      assertThat(player.metadataName).as("the type 15 metadata, relayed").isEqualTo("onMetaData");
    }
  }
}
