package dev.edgerelay.media.ts;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
    sink.open(new PartStart(0, 0, true, false));
    tee.add(listener); // mid-part: hears nothing of part 0
    ByteBuf first = Unpooled.buffer(188).writeZero(188);
    sink.write(first);
    sink.close(info(0), 10);
    tee.markDiscontinuity(); // a new program's first part
    sink.open(new PartStart(1, 180_000, true, false));
    ByteBuf second = Unpooled.buffer(376).writeZero(376);
    sink.write(second);
    sink.close(info(1), 20);
    tee.ended();

    String openFirst = "open PartStart[sequence=0, startPts90k=0, keyframe=true, discontinuity=false]";
    String openSecond = "open PartStart[sequence=1, startPts90k=180000, keyframe=true, discontinuity=true]";
    assertThat(listener.calls).containsExactly(openSecond, "write 376", "close 1 of 20", "ended");
    assertThat(own.calls).containsExactly(openFirst, "write 188", "close 0 of 10", openSecond, "write 376",
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
      sink.open(new PartStart(seq, seq * 180_000, true, false));
      sink.close(info(seq), 1);
    }

    assertThat(bad.calls).containsExactly(
        "open PartStart[sequence=0, startPts90k=0, keyframe=true, discontinuity=false]", "failed a bug");
    assertThat(good.calls).hasSize(4);
    assertThat(own.calls).hasSize(4);
  }

  @Test
  void shouldLetAListenerLeaveAtTheEndOfThePartItIsTaking() {
    SegmentTee tee = new SegmentTee();
    Heard own = new Heard();
    Heard leaving = new Heard();
    Heard idle = new Heard();
    tee.add(leaving);
    SegmentSink sink = tee.around(own);
    sink.open(new PartStart(0, 0, true, false));
    List<String> left = new ArrayList<>();

    assertThat(tee.removeAtPartEnd(leaving, () -> left.add("leaving left"))).isTrue();
    sink.write(Unpooled.buffer(188).writeZero(188));
    assertThat(left).as("the part goes on").isEmpty();
    sink.close(info(0), 5);
    sink.open(new PartStart(1, 180_000, true, false));
    tee.add(idle); // joins mid-part: takes none yet, so it leaves at once
    assertThat(tee.removeAtPartEnd(idle, () -> left.add("idle left"))).isTrue();
    assertThat(tee.removeAtPartEnd(leaving, () -> left.add("again"))).as("gone already").isFalse();

    assertThat(leaving.calls).containsExactly(
        "open PartStart[sequence=0, startPts90k=0, keyframe=true, discontinuity=false]", "write 188", "close 0 of 5",
        "detached");
    assertThat(idle.calls).containsExactly("detached");
    assertThat(left).containsExactly("leaving left", "idle left");
    assertThat(tee.attached(leaving)).isFalse();
    own.releaseKept();
    leaving.releaseKept();
  }

  /** Lends every part it hears the start of, with the link it was asked for as the stage's marker. */
  static class Lender extends Heard {
    @Override
    public CompletionStage<Long> lendOpenPart(Path link) {
      calls.add("lend " + link);
      return CompletableFuture.completedFuture(7L);
    }
  }

  @Test
  void shouldLetTheSinkBorrowTheOpenPartFromTheFirstListenerThatLendsIt() {
    SegmentTee tee = new SegmentTee();
    List<String> order = new ArrayList<>();
    List<CompletionStage<Long>> borrowed = new ArrayList<>();
    Heard notLending = new Heard() {
      @Override
      public void open(PartStart start) {
        order.add("listener heard " + start.sequence());
      }
    };
    Lender lender = new Lender();
    Lender second = new Lender();
    tee.add(notLending);
    tee.add(lender);
    tee.add(second);
    Heard own = new Heard() {
      @Override
      public void open(PartStart start) {
        order.add("own opened " + start.sequence());
        borrowed.add(tee.lendOpenPart(Path.of("spool", start.sequence() + ".ts")));
      }
    };
    SegmentSink sink = tee.around(own);
    sink.open(new PartStart(0, 0, true, false));
    sink.close(info(0), 1);
    tee.remove(lender);
    tee.remove(second);
    sink.open(new PartStart(1, 180_000, true, false));

    assertThat(order).as("the listeners hear the start before the sink asks them").containsExactly(
        "listener heard 0", "own opened 0", "listener heard 1", "own opened 1");
    assertThat(borrowed.get(0).toCompletableFuture().join()).isEqualTo(7L);
    assertThat(lender.calls).contains("lend " + Path.of("spool", "0.ts"));
    assertThat(second.calls).as("asked only when the first would not lend").noneMatch(c -> c.startsWith("lend"));
    assertThat(borrowed.get(1)).as("nobody left to lend part 1").isNull();
  }
}
