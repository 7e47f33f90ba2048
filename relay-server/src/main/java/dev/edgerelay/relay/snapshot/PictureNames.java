package dev.edgerelay.relay.snapshot;

import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.http.RequestParams;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The rules a picture's name and description follow (spec 5.1). The platform bounds a name at 256
 * characters and a description at 1024 (API-NOTES "Codes": 1002, 1003); the edge also stores the picture
 * as the file {@code {name}.{format}} and uploads it through the outbox, whose object names are ASCII
 * ({@code ObjectNames}): a name is ASCII letters, digits, {@code _ - .}, does not start with a dot, and
 * fits a file name (1001 and 1002 otherwise).
 */
public final class PictureNames {
  /** The platform's bound on a picture name (spec 5.1, errno 1002). */
  public static final int MAX_NAME_LENGTH = 256;
  /** The edge's bound: a file name is at most 255 bytes on ext4 and NTFS, and {@code .jpg.part} takes nine. */
  public static final int MAX_FILE_NAME_LENGTH = 246;
  /** The platform's bound on a description (spec 5.1, errno 1003). */
  public static final int MAX_DESC_LENGTH = 1024;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*");
  /**
   * Names of snapshots taken without one start with the UTC instant, so they sort by time; a random part follows,
   * as picture URLs carry no key by default (spec 5.5) and a timestamp alone can be enumerated.
   */
  private static final DateTimeFormatter AUTOMATIC =
      DateTimeFormatter.ofPattern("'snap-'yyyyMMdd'T'HHmmss.SSS'Z-'").withZone(ZoneOffset.UTC);
  /** 80 random bits: finding one name by guessing takes about 2^79 requests. */
  static final int AUTOMATIC_RANDOM_BYTES = 10;

  private PictureNames() {}

  /** {@code snap-{UTC instant to the millisecond}-{20 hex digits}} for a snapshot taken at {@code takenMillis}. */
  public static String automatic(long takenMillis, SecureRandom random) {
    byte[] unguessable = new byte[AUTOMATIC_RANDOM_BYTES];
    random.nextBytes(unguessable);
    return AUTOMATIC.format(Instant.ofEpochMilli(takenMillis)) + HexFormat.of().formatHex(unguessable);
  }

  /** Returns {@code name} when it may name a picture; otherwise the error to answer. */
  public static String checkName(String name) {
    if (name.length() > MAX_FILE_NAME_LENGTH) {
      throw new ApiError(200, EdgeErrno.NAME_TOO_LONG, "name must be at most " + MAX_FILE_NAME_LENGTH
          + " characters (the platform allows " + MAX_NAME_LENGTH + "; the edge keeps it as a file name), got "
          + name.length()).exception();
    }
    if (!NAME.matcher(name).matches()) {
      throw new ApiError(200, EdgeErrno.NAME_SPECIAL_CHARACTERS, "name may hold only letters, digits, '_', '-' and"
          + " '.' and must not start with '.': rename '" + RequestParams.shown(name) + "'").exception();
    }
    return name;
  }

  /** Returns {@code desc} (empty when absent) when it is within the bound. */
  public static String checkDesc(String desc) {
    if (desc == null) {
      return "";
    }
    if (desc.length() > MAX_DESC_LENGTH) {
      throw new ApiError(200, EdgeErrno.DESC_TOO_LONG, "desc must be at most " + MAX_DESC_LENGTH
          + " characters, got " + desc.length()).exception();
    }
    return desc;
  }
}
