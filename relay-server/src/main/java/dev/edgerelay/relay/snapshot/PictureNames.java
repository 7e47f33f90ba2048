package dev.edgerelay.relay.snapshot;

import dev.edgerelay.relay.http.ApiError;
import dev.edgerelay.relay.http.EdgeErrno;
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

  private PictureNames() {}

  /** Returns {@code name} when it may name a picture; otherwise the error to answer. */
  public static String checkName(String name) {
    if (name.length() > MAX_FILE_NAME_LENGTH) {
      throw new ApiError(200, EdgeErrno.NAME_TOO_LONG, "name must be at most " + MAX_FILE_NAME_LENGTH
          + " characters (the platform allows " + MAX_NAME_LENGTH + "; the edge keeps it as a file name), got "
          + name.length()).exception();
    }
    if (!NAME.matcher(name).matches()) {
      throw new ApiError(200, EdgeErrno.NAME_SPECIAL_CHARACTERS, "name may hold only letters, digits, '_', '-' and"
          + " '.' and must not start with '.': rename '" + name + "'").exception();
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
