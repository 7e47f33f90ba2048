package dev.edgerelay.media.rtmp;

import dev.edgerelay.media.testing.LoopbackPorts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.handshake.ClientHandshake;
import dev.edgerelay.media.rtmp.client.RtmpClientException;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

/** Our client against Debian's ffmpeg CLI acting as an RTMP server for one client ({@code -listen 1}). */
@Tag("interop")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FfmpegListenInteropTest {
  private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
  private static final int FRAMES = 50;
  private static final int GOP = 10;

  /** ffmpeg's listen mode answers any C1 with a plain S1: a digest client must fall back to the plain C2. */
  @ParameterizedTest
  @EnumSource(ClientHandshake.class)
  void shouldPullEveryFrameFromFfmpegListen(ClientHandshake handshake) throws Exception {
    if (!Files.isExecutable(FFMPEG)) {
      System.out.println("skipped: " + FFMPEG + " is not installed");
    }
    Assumptions.assumeTrue(Files.isExecutable(FFMPEG), "ffmpeg CLI not installed");
    int port = LoopbackPorts.one();
    String url = "rtmp://127.0.0.1:" + port + "/live/cam?token=abc";
    Process ffmpeg = new ProcessBuilder(FFMPEG.toString(), "-hide_banner", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-frames:v", String.valueOf(FRAMES), "-t", "2",
        "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", String.valueOf(GOP), "-sc_threshold", "0",
        "-c:a", "aac", "-f", "flv", "-listen", "1", url)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    RecordedMedia received = new RecordedMedia();
    try (RtmpClient client = RtmpClient.create(RtmpConfig.defaults().setClientHandshake(handshake))) {
      RtmpPull pull = connectWhenListening(client, url, received);
      pull.finished().get(30, TimeUnit.SECONDS);
    } finally {
      ffmpeg.destroy();
      ffmpeg.waitFor(10, TimeUnit.SECONDS);
    }
    List<RecordedMedia.Frame> video = received.videoFrames();
    assertThat(video).hasSize(FRAMES);
    long first = video.get(0).timestamp();
    for (int i = 0; i < FRAMES; i++) {
      assertThat(video.get(i).keyframe()).as("keyframe %d", i).isEqualTo(i % GOP == 0);
      assertThat(video.get(i).timestamp() - first).as("timestamp %d", i).isEqualTo(i * 40L);
    }
    assertThat(received.audioFrames()).isNotEmpty();
    assertThat(received.sequenceHeaders()).isEqualTo(2);
  }

  /** ffmpeg needs a moment to listen: retry while the port refuses, up to a deadline. */
  static RtmpPull connectWhenListening(RtmpClient client, String url, RecordedMedia received) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      RtmpPull pull = client.play(url, received);
      try {
        pull.started().get(20, TimeUnit.SECONDS);
        return pull;
      } catch (ExecutionException e) {
        boolean refused = e.getCause() instanceof RtmpClientException r && r.reason() == RtmpClientException.Reason.REFUSED;
        if (!refused || System.nanoTime() > deadline) {
          throw e;
        }
        // pause between tries: reconnecting at once would spin a core that ffmpeg needs to start listening
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }
}
