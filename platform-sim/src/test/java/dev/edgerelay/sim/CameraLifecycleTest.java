package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.sim.server.PlatformSim;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Starting and closing whole emulators: file mode and its errors, and close() leaving no thread behind. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CameraLifecycleTest {
  /** How long a closed emulator's thread may take to return after reporting its termination. */
  private static final long THREAD_EXIT_MILLIS = 5_000;
  @TempDir
  Path dir;

  private static SimOptions options(CameraMode mode) {
    return new SimOptions().setHttpPort(0).setRtmpPort(0).setCameras(1).setCameraMode(mode);
  }

  /** Writes {@code seconds} of 320x240 video at 25 fps with {@code codec}, and AAC audio when asked. */
  private static Path writeClip(Path file, String codec, boolean audio, int seconds) throws Exception {
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 320, 240, audio ? 1 : 0);
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      recorder.setVideoCodecName(codec);
      recorder.setPixelFormat(codec.equals("mjpeg") ? avutil.AV_PIX_FMT_YUVJ420P : avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(25);
      recorder.setGopSize(25);
      if (audio) {
        recorder.setAudioCodecName("aac");
        recorder.setSampleRate(44_100);
      }
      recorder.start();
      BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = image.createGraphics();
      short[] silence = new short[44_100 / 25];
      for (int i = 0; i < seconds * 25; i++) {
        g.setColor(new Color(i * 5 % 256, 80, 160));
        g.fillRect(0, 0, 320, 240);
        recorder.record(converter.convert(image), avutil.AV_PIX_FMT_BGR24);
        if (audio) {
          recorder.recordSamples(44_100, 1, ShortBuffer.wrap(silence));
        }
      }
      g.dispose();
      recorder.stop();
    }
    return file;
  }

  @Test
  void shouldLoopAnH264File(Vertx vertx) throws Exception {
    Path file = writeClip(dir.resolve("clip.mp4"), "libopenh264", true, 2);
    PlatformSim sim = PlatformSim.start(vertx, options(CameraMode.FILE).setCameraFile(file.toString()))
        .await(30, TimeUnit.SECONDS);
    try (RtmpClient client = RtmpClient.create(RtmpConfig.defaults())) {
      String device = sim.state().devices().get(0).id();
      String token = sim.state().issueToken(device, 1, null, 60_000).token();
      try (RtmpProbe probe = RtmpProbe.play(client, RtmpProbe.url(sim, device, 1, token), 2_500)) {
        probe.enough().get(20, TimeUnit.SECONDS);
        List<RtmpProbe.Seen> video = probe.videoFrames();
        for (int i = 1; i < video.size(); i++) {
          assertThat(video.get(i).timestamp() - video.get(i - 1).timestamp()).isBetween(39L, 41L);
        }
        assertThat(probe.audioFrames()).isNotEmpty();
      }
      assertThat(sim.state().stats().pushes()).extracting(StreamSession::resolution).contains("320 * 240");
    } finally {
      sim.close().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldRefuseMissingAndNonH264Files(Vertx vertx) throws Exception {
    assertThatThrownBy(() -> PlatformSim.start(vertx, options(CameraMode.FILE)
        .setCameraFile(dir.resolve("absent.mp4").toString())).await(30, TimeUnit.SECONDS))
        .hasMessageContaining("does not exist");
    Path mjpeg = writeClip(dir.resolve("clip.avi"), "mjpeg", false, 1);
    assertThatThrownBy(() -> PlatformSim.start(vertx, options(CameraMode.FILE).setCameraFile(mjpeg.toString()))
        .await(30, TimeUnit.SECONDS)).hasMessageContaining("H.264 is needed");
    assertThat(emulatorThreadsLeft()).isEmpty();
  }

  @Test
  void shouldLeaveNoThreadRunningAfterClose(Vertx vertx) throws Exception {
    PlatformSim sim = PlatformSim.start(vertx, options(CameraMode.PATTERN).setCameraSize(320, 180))
        .await(30, TimeUnit.SECONDS);
    RtmpProbe probe;
    try (RtmpClient client = RtmpClient.create(RtmpConfig.defaults())) {
      String device = sim.state().devices().get(0).id();
      String token = sim.state().issueToken(device, 1, null, 60_000).token();
      probe = RtmpProbe.play(client, RtmpProbe.url(sim, device, 1, token), 200);
      probe.enough().get(20, TimeUnit.SECONDS);
      assertThat(emulatorThreads()).anyMatch(name -> name.startsWith("sim-camera-"));
      sim.close().await(20, TimeUnit.SECONDS);
      probe.pull().finished().handle((v, e) -> null).get(10, TimeUnit.SECONDS);
    }
    assertThat(emulatorThreadsLeft()).isEmpty();
  }

  /**
   * Emulator threads still alive once each was given {@link #THREAD_EXIT_MILLIS} to end. Netty's loops and the
   * fleet's executor report termination from their own thread just before it returns, so a bare isAlive() right
   * after close races that thread's last steps on a loaded machine; a thread that never ends still fails this.
   */
  private static List<String> emulatorThreadsLeft() throws InterruptedException {
    List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("sim-")).toList();
    for (Thread t : threads) {
      t.join(THREAD_EXIT_MILLIS);
    }
    return threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
  }

  private static List<String> emulatorThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(name -> name.startsWith("sim-")).toList();
  }
}
