package dev.edgerelay.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;

/**
 * A unit's payload is handed out without the holder's own accessibility check (it is asked for at every stage);
 * a unit used after its release must still fail, at the first read of its bytes, and a retained duplicate keeps
 * the bytes until it is released too.
 */
class MediaUnitTest {
  private static MediaUnit unit() {
    ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(8).writeInt(0x00000001).writeInt(0x65888000);
    return new MediaUnit(Codec.H264, Timebase.MILLIS, 40, 80, true, null, payload, 1_000);
  }

  @Test
  void shouldRefuseToReadAReleasedUnitsPayload() {
    MediaUnit unit = unit();
    ByteBuf payload = unit.payload();
    assertThat(unit.content()).isSameAs(payload);
    assertThat(payload.getInt(4)).isEqualTo(0x65888000);

    assertThat(unit.release()).isTrue();

    assertThatThrownBy(() -> unit.payload().getByte(0)).isInstanceOf(IllegalReferenceCountException.class);
    assertThatThrownBy(() -> unit.content().readInt()).isInstanceOf(IllegalReferenceCountException.class);
    assertThatThrownBy(unit::retainedDuplicate).isInstanceOf(IllegalReferenceCountException.class);
  }

  @Test
  void shouldKeepThePayloadUntilItsRetainedDuplicateIsReleasedToo() {
    MediaUnit unit = unit();
    MediaUnit copy = unit.retainedDuplicate();
    assertThat(copy.payload()).isNotSameAs(unit.payload());
    assertThat(copy.dts()).isEqualTo(40);
    assertThat(copy.pts()).isEqualTo(80);
    assertThat(copy.receivedAtMillis()).isEqualTo(1_000);

    assertThat(unit.release()).isFalse();
    assertThat(copy.payload().getInt(0)).isEqualTo(1);
    assertThat(copy.release()).isTrue();
    assertThatThrownBy(() -> copy.payload().getByte(0)).isInstanceOf(IllegalReferenceCountException.class);
    assertThatThrownBy(() -> unit.payload().getByte(0)).isInstanceOf(IllegalReferenceCountException.class);
  }
}
