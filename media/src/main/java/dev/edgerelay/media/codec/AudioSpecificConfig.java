package dev.edgerelay.media.codec;

/**
 * The fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) that ADTS needs. For
 * HE-AAC (SBR, PS) with explicit signalling, the core AAC object type and sampling rate are kept,
 * as ADTS carries the core layer and decoders find SBR implicitly.
 *
 * @param objectType audio object type of the core layer (2 = AAC LC)
 * @param samplingIndex samplingFrequencyIndex (Table 1.18), 0..12
 * @param channelConfiguration channelConfiguration (Table 1.19), 1..7 for ADTS
 */
public record AudioSpecificConfig(int objectType, int samplingIndex, int channelConfiguration) {
  /** Table 1.18 samplingFrequencyIndex to Hz. */
  private static final int[] SAMPLE_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
  private static final int AOT_SBR = 5;
  private static final int AOT_PS = 29;
  private static final int AOT_ESCAPE = 31;
  private static final int EXPLICIT_FREQUENCY = 15;

  /** Parses the config; throws IllegalArgumentException for what ADTS cannot carry. */
  public static AudioSpecificConfig parse(byte[] asc) {
    RbspReader r = new RbspReader(asc, 0, asc.length, false);
    int aot = readObjectType(r);
    int sfi = readSamplingIndex(r);
    int channels = (int) r.readBits(4);
    if (aot == AOT_SBR || aot == AOT_PS) { // 1.6.2.1: extension frequency, then the core object type
      readSamplingIndex(r); // the core rate came first; this is the (doubled) SBR output rate
      aot = readObjectType(r);
    }
    if (aot < 1 || aot > 4) {
      throw new IllegalArgumentException("audio object type " + aot + " has no ADTS profile");
    }
    if (channels == 0) {
      throw new IllegalArgumentException("channelConfiguration 0 (program config element) is not supported");
    }
    return new AudioSpecificConfig(aot, sfi, channels);
  }

  /**
   * The two-byte AudioSpecificConfig (1.6.2.1) of this core layer: what FLV's AAC sequence header and MP4
   * carry. A demuxer builds it from an ADTS header, which holds exactly these three fields.
   */
  public byte[] toBytes() {
    int bits = objectType << 11 | samplingIndex << 7 | channelConfiguration << 3; // then 3 GASpecificConfig zero bits
    return new byte[] {(byte) (bits >> 8), (byte) bits};
  }

  /** The sampling rate in Hz. */
  public int sampleRate() {
    return SAMPLE_RATES[samplingIndex];
  }

  /** Duration of one AAC frame (1024 samples) in 90 kHz ticks, rounded down. */
  public long frameDuration90k() {
    return 1024L * 90_000 / sampleRate();
  }

  private static int readObjectType(RbspReader r) {
    int aot = (int) r.readBits(5);
    return aot == AOT_ESCAPE ? 32 + (int) r.readBits(6) : aot;
  }

  private static int readSamplingIndex(RbspReader r) {
    int sfi = (int) r.readBits(4);
    if (sfi == EXPLICIT_FREQUENCY) {
      throw new IllegalArgumentException("explicit sampling frequency has no ADTS index");
    }
    if (sfi >= SAMPLE_RATES.length) {
      throw new IllegalArgumentException("reserved samplingFrequencyIndex " + sfi);
    }
    return sfi;
  }
}
