package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An independent, strict reader of the TS this muxer writes, for tests: continuity, PSI CRCs, PES framing. */
public final class TsParser {
  record Pes(int pid, long pts, long dts, int declaredLength, byte[] es, boolean randomAccess, boolean discontinuity) {
  }

  final List<Pes> pes = new ArrayList<>();
  final List<Long> pcrs = new ArrayList<>();
  public int continuityErrors;
  int pesLengthErrors;
  int crcErrors;
  int tables;
  int packets;
  private final Map<Integer, Integer> lastCc = new HashMap<>();
  private final Map<Integer, ByteArrayOutputStream> open = new HashMap<>();
  private final Map<Integer, boolean[]> openFlags = new HashMap<>();

  public static TsParser parse(byte[] ts) {
    TsParser p = new TsParser();
    if (ts.length % TsPacket.SIZE != 0) {
      throw new AssertionError("TS length " + ts.length + " is not a multiple of 188");
    }
    ByteBuf buf = Unpooled.wrappedBuffer(ts);
    for (int off = 0; off < ts.length; off += TsPacket.SIZE) {
      p.packet(buf, off);
    }
    p.open.keySet().stream().toList().forEach(p::finish);
    return p;
  }

  private void packet(ByteBuf b, int off) {
    packets++;
    if (b.getUnsignedByte(off) != 0x47) {
      throw new AssertionError("lost sync at " + off);
    }
    boolean pusi = (b.getUnsignedByte(off + 1) & 0x40) != 0;
    int pid = b.getUnsignedShort(off + 1) & 0x1FFF;
    int afc = (b.getUnsignedByte(off + 3) >> 4) & 0x3;
    int cc = b.getUnsignedByte(off + 3) & 0x0F;
    int pos = off + 4;
    boolean rai = false;
    boolean disc = false;
    if ((afc & 0x2) != 0) {
      int len = b.getUnsignedByte(pos);
      if (len > 0) {
        int flags = b.getUnsignedByte(pos + 1);
        disc = (flags & 0x80) != 0;
        rai = (flags & 0x40) != 0;
        if ((flags & 0x10) != 0) {
          long base = (b.getUnsignedInt(pos + 2) << 1) | (b.getUnsignedByte(pos + 6) >> 7);
          int ext = ((b.getUnsignedByte(pos + 6) & 1) << 8) | b.getUnsignedByte(pos + 7);
          pcrs.add(base * 300 + ext);
        }
      }
      pos += 1 + len;
    }
    boolean payload = (afc & 0x1) != 0;
    Integer last = lastCc.get(pid);
    if (last != null && !disc && cc != (payload ? (last + 1) & 0xF : last)) {
      continuityErrors++;
    }
    lastCc.put(pid, cc);
    if (!payload) {
      return;
    }
    int end = off + TsPacket.SIZE;
    if (pid == TsPacket.PAT_PID || pid == TsPacket.PMT_PID) {
      int start = pos + 1 + b.getUnsignedByte(pos);
      int sectionLength = b.getUnsignedShort(start + 1) & 0x0FFF;
      if (Crc32Mpeg.compute(b, start, 3 + sectionLength) != 0) {
        crcErrors++;
      }
      tables++;
      return;
    }
    if (pusi) {
      finish(pid);
      open.put(pid, new ByteArrayOutputStream());
      openFlags.put(pid, new boolean[] {rai, disc});
    }
    ByteArrayOutputStream s = open.get(pid);
    if (s != null) {
      byte[] chunk = new byte[end - pos];
      b.getBytes(pos, chunk);
      s.writeBytes(chunk);
    }
  }

  private void finish(int pid) {
    ByteArrayOutputStream s = open.remove(pid);
    if (s == null) {
      return;
    }
    boolean[] flags = openFlags.remove(pid);
    ByteBuf p = Unpooled.wrappedBuffer(s.toByteArray());
    if (p.getUnsignedMedium(0) != 1) {
      throw new AssertionError("PES without start code on PID " + pid);
    }
    int declared = p.getUnsignedShort(4);
    int ptsDts = p.getUnsignedByte(7) >> 6;
    int headerLength = p.getUnsignedByte(8);
    long pts = ts(p, 9);
    long dts = ptsDts == 3 ? ts(p, 14) : pts;
    int afterLength = p.readableBytes() - 6;
    if (declared != 0 && declared != afterLength) {
      pesLengthErrors++;
    }
    byte[] es = new byte[p.readableBytes() - 9 - headerLength];
    p.getBytes(9 + headerLength, es);
    pes.add(new Pes(pid, pts, dts, declared, es, flags[0], flags[1]));
  }

  private static long ts(ByteBuf p, int i) {
    return ((long) (p.getUnsignedByte(i) >> 1) & 0x7) << 30 | (long) (p.getUnsignedShort(i + 1) >> 1) << 15
        | p.getUnsignedShort(i + 3) >> 1;
  }

  List<Pes> pes(int pid) {
    return pes.stream().filter(x -> x.pid() == pid).toList();
  }
}
