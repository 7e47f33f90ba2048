package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;

/** The bytes of one PES payload, handed out in order so the packetizer copies them straight into TS packets. */
interface EsSource {
  /** Bytes not yet transferred. */
  int remaining();

  /** Appends the next {@code n} bytes (at most {@link #remaining()}) to {@code out}. */
  void transferTo(ByteBuf out, int n);
}
