package dev.edgerelay.relay.stats;

import dev.edgerelay.media.stream.Stream;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Bit rate and frame rate of each running stream (getonlinelist and getpushlist's {@code bandwidth} and {@code fps},
 * spec 13), measured between samples of its byte and video-unit counters taken every {@link #SAMPLE_MILLIS}. One
 * entry per running stream: a stream that stopped is dropped at the next sample. Thread-safe.
 */
public final class StreamRates {
  /** How often the counters are read: two GOPs of a typical camera, so a rate is not one keyframe's burst. */
  public static final long SAMPLE_MILLIS = 4_000;

  /** The counters at the last sample and the rates measured up to it. */
  private record Sample(long atMillis, long bytes, long frames, long bitsPerSecond, double framesPerSecond) {}

  private final Map<String, Sample> byName = new ConcurrentHashMap<>();

  /** Reads every stream's counters at {@code nowMillis}; rates come from the previous sample of the same stream. */
  public void sample(Collection<Stream> streams, long nowMillis) {
    Set<String> running = streams.stream().map(Stream::name).collect(Collectors.toSet());
    byName.keySet().retainAll(running);
    for (Stream s : streams) {
      long bytes = s.bytesIn();
      long frames = s.videoUnitsIn();
      byName.compute(s.name(), (name, before) -> {
        if (before == null || bytes < before.bytes || nowMillis <= before.atMillis) {
          return new Sample(nowMillis, bytes, frames, 0, 0);
        }
        long span = nowMillis - before.atMillis;
        return new Sample(nowMillis, bytes, frames, (bytes - before.bytes) * 8_000 / span,
            (frames - before.frames) * 1_000.0 / span);
      });
    }
  }

  /** Bits per second of {@code stream} over the last sample interval; 0 before two samples. */
  public long bitsPerSecond(String stream) {
    Sample s = byName.get(stream);
    return s == null ? 0 : s.bitsPerSecond;
  }

  /** Video frames per second of {@code stream} over the last sample interval; 0 before two samples. */
  public double framesPerSecond(String stream) {
    Sample s = byName.get(stream);
    return s == null ? 0 : s.framesPerSecond;
  }
}
