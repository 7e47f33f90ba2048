package dev.edgerelay.relay.vod;

/**
 * One HTTP byte range (RFC 9110 14.1.2): {@code bytes=first-last}, {@code bytes=first-} or the suffix
 * {@code bytes=-n}. Several ranges in one header are answered with the whole file, which RFC 9110 14.2
 * allows (a server may ignore Range).
 */
public record ByteRange(long offset, long length) {
  /** The range asked for, null for the whole file, or {@link #UNSATISFIABLE}. */
  public static ByteRange parse(String header, long size) {
    if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
      return null;
    }
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        return suffix <= 0 || size == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, size - suffix), Math.min(suffix, size));
      }
      long first = Long.parseLong(a);
      long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      if (first >= size || last < first) {
        return UNSATISFIABLE;
      }
      return new ByteRange(first, last - first + 1);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

  public String contentRange(long size) {
    return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
  }
}
