package dev.edgerelay.media.rtmp.client;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/**
 * One running pull. {@link #started()} completes at NetStream.Play.Start; {@link #finished()}
 * completes normally when the stream ends or {@link #close()} is called, and exceptionally with an
 * {@link RtmpClientException} when it fails (then {@link #started()} fails too if still pending).
 */
public final class RtmpPull implements AutoCloseable {
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private volatile Channel channel;

  public CompletableFuture<Void> started() {
    return started;
  }

  public CompletableFuture<Void> finished() {
    return finished;
  }

  void attach(Channel channel) {
    this.channel = channel;
  }

  void fail(RtmpClientException cause) {
    started.completeExceptionally(cause);
    finished.completeExceptionally(cause);
  }

  void finish() {
    started.completeExceptionally(new RtmpClientException(RtmpClientException.Reason.CLOSED, null,
        "stream ended before it started"));
    finished.complete(null);
  }

  @Override
  public void close() {
    finish();
    Channel c = channel;
    if (c != null) {
      c.close();
    }
  }
}
