package dev.edgerelay.relay.upload;

import dev.edgerelay.recorder.outbox.UploadBody;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * An outbox {@link UploadBody} as a Vert.x {@link ReadStream}, so the HTTP client writes each chunk when the
 * outbox's pacer lets it go (the bandwidth cap within an object) and its write queue pushes back
 * through {@link #pause()}/{@link #fetch}. One chunk is asked for at a time; handlers run on {@code context}.
 */
final class PacedBodyStream implements ReadStream<Buffer> {
  private final Context context;
  private final UploadBody body;
  private Handler<Buffer> dataHandler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  /** Chunks the reader still wants; {@link Long#MAX_VALUE} while flowing. */
  private long demand = Long.MAX_VALUE;
  private boolean reading;
  private boolean ended;

  PacedBodyStream(Context context, UploadBody body) {
    this.context = context;
    this.body = body;
  }

  @Override
  public synchronized PacedBodyStream handler(Handler<Buffer> handler) {
    dataHandler = handler;
    if (handler != null) {
      context.runOnContext(v -> readNext());
    }
    return this;
  }

  @Override
  public synchronized PacedBodyStream exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    return this;
  }

  @Override
  public synchronized PacedBodyStream endHandler(Handler<Void> handler) {
    endHandler = handler;
    return this;
  }

  @Override
  public synchronized PacedBodyStream pause() {
    demand = 0;
    return this;
  }

  @Override
  public PacedBodyStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public synchronized PacedBodyStream fetch(long amount) {
    demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
    context.runOnContext(v -> readNext());
    return this;
  }

  private synchronized void readNext() {
    if (reading || ended || demand == 0 || dataHandler == null) {
      return;
    }
    reading = true;
    body.next().whenComplete((chunk, err) -> context.runOnContext(v -> deliver(chunk, err)));
  }

  private void deliver(byte[] chunk, Throwable err) {
    Handler<Buffer> data;
    Handler<Void> end;
    Handler<Throwable> failed;
    synchronized (this) {
      reading = false;
      ended = err != null || chunk == null;
      if (!ended && demand != Long.MAX_VALUE) {
        demand--;
      }
      data = dataHandler;
      end = endHandler;
      failed = exceptionHandler;
    }
    if (err != null) {
      if (failed != null) {
        failed.handle(err);
      }
    } else if (chunk == null) {
      if (end != null) {
        end.handle(null);
      }
    } else {
      if (data != null) {
        data.handle(Buffer.buffer(chunk));
      }
      readNext();
    }
  }
}
