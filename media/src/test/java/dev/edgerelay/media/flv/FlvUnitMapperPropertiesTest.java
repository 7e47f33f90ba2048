package dev.edgerelay.media.flv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.MediaUnit;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Whatever a peer sends in a tag body, the mapper neither throws nor leaks, and units hold whole NALs. */
class FlvUnitMapperPropertiesTest {
  @Property(tries = 500)
  void arbitraryBodiesNeverThrowOrLeak(@ForAll @Size(max = 64) byte[] config, @ForAll @Size(max = 64) byte[] body,
      @ForAll boolean video, @ForAll int header) {
    FlvUnitMapper mapper = new FlvUnitMapper("fuzz", ByteBufAllocator.DEFAULT);
    // a plausible sequence header first, so the coded-frame paths run too
    byte[] sequence = new byte[config.length + 2];
    sequence[0] = (byte) (video ? 0x17 : 0xAF);
    System.arraycopy(config, 0, sequence, 2, config.length);
    FlvTagType type = video ? FlvTagType.VIDEO : FlvTagType.AUDIO;
    for (byte[] b : new byte[][] {sequence, body, withHeader(header, body)}) {
      FlvTag tag = new FlvTag(type, 0, Unpooled.wrappedBuffer(b));
      MediaUnit unit = mapper.map(tag, 0);
      tag.release();
      if (unit != null) {
        assertThat(unit.refCnt()).isEqualTo(1);
        unit.release();
      }
    }
  }

  private static byte[] withHeader(int header, byte[] body) {
    byte[] b = new byte[body.length + 2];
    b[0] = (byte) (header >> 8);
    b[1] = (byte) header;
    System.arraycopy(body, 0, b, 2, body.length);
    return b;
  }
}
