package dev.edgerelay.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One muxer's segments to its own sink and its part listeners: same bytes, own references, joins at a part start. */
class SegmentTeeTest {
  /** Records the calls it gets, as text; releases what it is given. */
  static class Heard implements PartListener {
    final List<String> calls = new ArrayList<>();
    final List<ByteBuf> kept = new ArrayList<>();

    @Override
    public void open(long sequence) {
      calls.add("open " + sequence);
    }

    @Override
    public void open(PartStart start) {
      calls.add("open " + start);
    }

    @Override
    public void write(ByteBuf chunk) {
      calls.add("write " + chunk.readableBytes());
      kept.add(chunk);
    }

    @Override
    public void close(SegmentInfo info) {
      calls.add("close " + info.sequence());
    }

    @Override
    public void close(SegmentInfo info, long units) {
      calls.add("close " + info.sequence() + " of " + units);
    }

    @Override
    public void abort() {
      calls.add("abort");
    }

    @Override
    public void detached(SegmentInfo tail) {
      calls.add("detached");
    }

    @Override
    public void ended() {
      calls.add("ended");
    }

    @Override
    public void failed(RuntimeException error) {
      calls.add("failed " + error.getMessage());
    }

    void releaseKept() {
      kept.forEach(ByteBuf::release);
    }
  }

  static SegmentInfo info(long sequence) {
    return new SegmentInfo(sequence, 0, 90_000, 188, true, 0, false);
  }

  @Test
  void shouldGiveEachListenerItsOwnReferenceToTheSameBytesFromTheNextPartOn() {
    SegmentTee tee = new SegmentTee();
    Heard own = new Heard();
    Heard listener = new Heard();
    SegmentSink sink = tee.around(own);
    sink.open(new PartStart(0, true, false));
    tee.add(listener); // mid-part: hears nothing of part 0
    ByteBuf first = Unpooled.buffer(188).writeZero(188);
    sink.write(first);
    sink.close(info(0), 10);
    tee.markDiscontinuity(); // a new program's first part
    sink.open(new PartStart(1, true, false));
    ByteBuf second = Unpooled.buffer(376).writeZero(376);
    sink.write(second);
    sink.close(info(1), 20);
    tee.ended();

    assertThat(listener.calls).containsExactly("open PartStart[sequence=1, keyframe=true, discontinuity=true]",
        "write 376", "close 1 of 20", "ended");
    assertThat(own.calls).containsExactly("open PartStart[sequence=0, keyframe=true, discontinuity=false]",
        "write 188", "close 0 of 10", "open PartStart[sequence=1, keyframe=true, discontinuity=true]", "write 376",
        "close 1 of 20");
    assertThat(second.refCnt()).as("the sink's and the listener's references").isEqualTo(2);
    own.releaseKept();
    assertThat(second.refCnt()).isEqualTo(1);
    listener.releaseKept();
    assertThat(second.refCnt()).isZero();
    assertThat(first.refCnt()).as("part 0 went to the sink only, which released it").isZero();
  }

  @Test
  void shouldDetachAListenerThatThrowsAndGoOnFeedingTheOthers() {
    SegmentTee tee = new SegmentTee();
    Heard own = new Heard();
    Heard good = new Heard();
    Heard bad = new Heard() {
      @Override
      public void close(SegmentInfo info, long units) {
        throw new IllegalStateException("a bug");
      }
    };
    tee.add(bad);
    tee.add(good);
    SegmentSink sink = tee.around(own);
    for (long seq = 0; seq < 2; seq++) {
      sink.open(new PartStart(seq, true, false));
      sink.close(info(seq), 1);
    }

    assertThat(bad.calls).containsExactly("open PartStart[sequence=0, keyframe=true, discontinuity=false]",
        "failed a bug");
    assertThat(good.calls).hasSize(4);
    assertThat(own.calls).hasSize(4);
  }
}
