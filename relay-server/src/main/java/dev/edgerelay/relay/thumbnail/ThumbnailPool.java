package dev.edgerelay.relay.thumbnail;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.codec.NalUnits;
import dev.edgerelay.media.codec.ParameterSets;
import dev.edgerelay.relay.thumbnail.KeyframeTranscoder.Jpeg;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of decoding threads, each owning one {@link KeyframeTranscoder}, behind a bounded
 * queue. A request that finds the queue full is refused at once with {@link ThumbnailException.Reason#BUSY}:
 * nobody waits for a slot, least of all an event loop (docs/threading.md).
 */
final class ThumbnailPool {
  private static final Logger LOG = LoggerFactory.getLogger(ThumbnailPool.class);
  /** How long closing waits for the images being made before it frees the native contexts anyway. */
  static final long CLOSE_WAIT_MILLIS = 5_000;

  private final ThreadPoolExecutor executor;
  private final Queue<KeyframeTranscoder> transcoders = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<KeyframeTranscoder> transcoder = ThreadLocal.withInitial(() -> {
    KeyframeTranscoder t = new KeyframeTranscoder();
    transcoders.add(t);
    return t;
  });

  ThumbnailPool(int workers, int queue) {
    BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
    AtomicInteger threads = new AtomicInteger();
    executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, waiting, r -> {
      Thread t = new Thread(r, "edge-thumbnail-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
  }

  /** Decodes {@code keyframe} to a JPEG {@code width} wide (0: its own width) on a worker; takes ownership of the unit. */
  Future<Jpeg> transcode(MediaUnit keyframe, int width) {
    Promise<Jpeg> promise = Promise.promise();
    try {
      executor.execute(() -> {
        try {
          promise.complete(transcoder.get().transcode(keyframe.codec(), annexB(keyframe), width));
        } catch (ThumbnailException e) {
          promise.fail(e);
        } catch (RuntimeException e) {
          LOG.warn("decoding a keyframe of {} failed", keyframe.codec(), e);
          promise.fail(new ThumbnailException(ThumbnailException.Reason.DECODE_FAILED,
              "the decoder failed on it; the node's log has the detail"));
        } finally {
          keyframe.release();
        }
      });
    } catch (RejectedExecutionException e) {
      keyframe.release();
      return Future.failedFuture(new ThumbnailException(ThumbnailException.Reason.BUSY, "thumbnail pool busy, retry: "
          + executor.getActiveCount() + " images are being made and " + executor.getQueue().size() + " wait"));
    }
    return promise.future();
  }

  /** The decoder's input: the parameter sets of the unit's configuration record, then its NAL units, in Annex B. */
  static byte[] annexB(MediaUnit unit) {
    ByteBuf out = Unpooled.buffer(unit.content().readableBytes() + 256);
    try {
      if (unit.config() != null) {
        for (byte[] nal : ParameterSets.of(unit.config()).nalUnits()) {
          NalUnits.writeAnnexB(nal, out);
        }
      }
      NalUnits.avccToAnnexB(unit.content(), out);
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  /** Images being made or waiting: for metrics and the busy message. */
  int pending() {
    return executor.getActiveCount() + executor.getQueue().size();
  }

  /** Lets queued work finish (each task releases its unit), then frees every worker's native contexts. */
  Future<Void> close(Vertx vertx) {
    executor.shutdown();
    return vertx.executeBlocking(() -> {
      if (!executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        return null; // a worker is stuck inside FFmpeg: leaking its contexts beats freeing them under it
      }
      for (KeyframeTranscoder t; (t = transcoders.poll()) != null; ) {
        t.close();
      }
      return null;
    }, false);
  }
}
