package dev.edgerelay.recorder.index;

/**
 * Key layout of the index's {@code meta} family: {@code [0x01]} the schema version. The one-byte prefix leaves
 * room for other layouts in the same space. (An index written before the node state moved out also holds
 * {@code [0x02][channel: 68]} recording intents here; {@code NodeState} moves them out on first open.)
 */
public final class MetaKeys {
  static final byte SCHEMA_VERSION = 0x01;

  private MetaKeys() {}

  public static byte[] schemaVersion() {
    return new byte[] {SCHEMA_VERSION};
  }
}
