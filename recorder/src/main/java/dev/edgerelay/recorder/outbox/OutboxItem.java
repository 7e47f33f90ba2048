package dev.edgerelay.recorder.outbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One upload the node promised, as the node state's {@code outbox} family stores it under its sequence
 * ({@link dev.edgerelay.recorder.state.OutboxKeys}). Immutable: every state change is a new item, persisted
 * before it takes effect. Value layout (big-endian, {@link DataOutputStream}):
 * {@code [layout: 1][kind: 1][state: 1][outcomeUnknown: 1][attempts: 4][sizeBytes: 8][enqueuedMillis: 8]
 * [nextAttemptMillis: 8][updatedMillis: 8][localRef: utf][name: utf][desc: utf][deviceId: utf][channelId: 4]
 * [format: utf][lastError: utf]}.
 *
 * @param localRef the file whose bytes are uploaded (a segment file or a snapshot image)
 * @param outcomeUnknown an earlier attempt may have reached the platform: check before sending again
 * @param lastError the reason of the last failure, empty when none
 */
public record OutboxItem(long sequence, UploadKind kind, String localRef, long sizeBytes, UploadTarget target,
    OutboxState state, int attempts, long enqueuedMillis, long nextAttemptMillis, long updatedMillis,
    boolean outcomeUnknown, String lastError) {
  private static final int LAYOUT = 1;

  public static OutboxItem pending(long sequence, UploadKind kind, String localRef, long sizeBytes, UploadTarget target,
      long nowMillis) {
    return new OutboxItem(sequence, kind, localRef, sizeBytes, target, OutboxState.PENDING, 0, nowMillis, nowMillis,
        nowMillis, false, "");
  }

  /** Written just before the bytes leave: a crash from here on leaves an unknown outcome. */
  public OutboxItem inFlight(long nowMillis) {
    return new OutboxItem(sequence, kind, localRef, sizeBytes, target, OutboxState.IN_FLIGHT, attempts + 1,
        enqueuedMillis, nextAttemptMillis, nowMillis, true, lastError);
  }

  public OutboxItem done(long nowMillis) {
    return new OutboxItem(sequence, kind, localRef, sizeBytes, target, OutboxState.DONE, attempts, enqueuedMillis,
        nextAttemptMillis, nowMillis, false, lastError);
  }

  public OutboxItem retryAt(long atMillis, boolean unknown, String reason, long nowMillis) {
    return new OutboxItem(sequence, kind, localRef, sizeBytes, target, OutboxState.PENDING, attempts, enqueuedMillis,
        atMillis, nowMillis, unknown, reason);
  }

  public OutboxItem parked(String reason, long nowMillis) {
    return new OutboxItem(sequence, kind, localRef, sizeBytes, target, OutboxState.PARKED, attempts, enqueuedMillis,
        nextAttemptMillis, nowMillis, false, reason);
  }

  /** A parked item sent again on an operator's request ({@code POST /edge/outbox/retry}): due now. */
  public OutboxItem unparked(long nowMillis) {
    return new OutboxItem(sequence, kind, localRef, sizeBytes, target, OutboxState.PENDING, attempts, enqueuedMillis,
        nowMillis, nowMillis, false, lastError);
  }

  /**
   * After a restart an item left in flight is pending again, with its outcome unknown, and not looked up
   * before {@code graceMillis} after it left: the request may still be landing.
   */
  public OutboxItem recovered(long graceMillis) {
    return state != OutboxState.IN_FLIGHT ? this : new OutboxItem(sequence, kind, localRef, sizeBytes, target,
        OutboxState.PENDING, attempts, enqueuedMillis, Math.max(nextAttemptMillis, updatedMillis + graceMillis),
        updatedMillis, true, lastError);
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(LAYOUT);
      out.writeByte(kind.ordinal());
      out.writeByte(state.ordinal());
      out.writeBoolean(outcomeUnknown);
      out.writeInt(attempts);
      out.writeLong(sizeBytes);
      out.writeLong(enqueuedMillis);
      out.writeLong(nextAttemptMillis);
      out.writeLong(updatedMillis);
      out.writeUTF(localRef);
      out.writeUTF(target.name());
      out.writeUTF(target.desc());
      out.writeUTF(target.deviceId());
      out.writeInt(target.channelId());
      out.writeUTF(target.format());
      out.writeUTF(lastError.length() > ObjectNames.MAX_DESC ? lastError.substring(0, ObjectNames.MAX_DESC) : lastError);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  public static OutboxItem decode(long sequence, byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      int layout = in.readUnsignedByte();
      if (layout != LAYOUT) {
        throw new IllegalArgumentException("outbox entry " + sequence + " has layout " + layout + ", expected " + LAYOUT);
      }
      UploadKind kind = UploadKind.values()[in.readUnsignedByte()];
      OutboxState state = OutboxState.values()[in.readUnsignedByte()];
      boolean unknown = in.readBoolean();
      int attempts = in.readInt();
      long size = in.readLong();
      long enqueued = in.readLong();
      long next = in.readLong();
      long updated = in.readLong();
      String localRef = in.readUTF();
      String name = in.readUTF();
      String desc = in.readUTF();
      String deviceId = in.readUTF();
      int channelId = in.readInt();
      String format = in.readUTF();
      String lastError = in.readUTF();
      return new OutboxItem(sequence, kind, localRef, size, new UploadTarget(name, desc, deviceId, channelId, format),
          state, attempts, enqueued, next, updated, unknown, lastError);
    } catch (IOException e) {
      throw new IllegalArgumentException("outbox entry " + sequence + " is truncated", e);
    }
  }
}
