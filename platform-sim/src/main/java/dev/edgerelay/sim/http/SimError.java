package dev.edgerelay.sim.http;

/**
 * Every errno the emulator answers, with its HTTP status and the sentence that tells the caller what to fix.
 *
 * <p>Codes 1-5 (play_address), 16, 17 (channels) and the object-storage codes (spec 15) are the platform's.
 * The 1xx codes are the emulator's choice where the spec is silent (auth, parameters, not found): the platform
 * answers such errors with HTTP 200 and an errno, and so does the emulator, except for a body over its limit
 * (413), an unknown route (404) or method (405) and an internal error (500).
 */
public enum SimError {
  OK(0, 200, "succ"),
  PLAY_BAD_PARAMETER(1, 200, "Bad parameter: check device_id, channel_id, protocol_type (0-4) and timeout"),
  PLAY_INTERNAL(2, 200, "Internal error of the platform: try again"),
  PLAY_NO_CHANNEL(3, 200, "The channel does not exist: add it with AddChannel first"),
  PLAY_DEVICE_OFFLINE(4, 200, "The device is offline: wait until it connects"),
  PLAY_DEVICE_DATA(5, 200, "Device data error: the camera is closed (closecamera type 0 reopens it)"),
  CHANNEL_EXISTS(16, 200, "The channel already exists,cannot add again!"),
  CHANNEL_MISSING(17, 200, "This channel is not available under this device!"),

  AUTH_MISSING(101, 200, "Missing header api-key: send the master key or the device's own key"),
  AUTH_INVALID(102, 200, "Unknown api-key: use the master key or a key listed by GET /devices/{id}"),
  AUTH_OTHER_DEVICE(103, 200, "This device key operates only its own device: use the master key or that device's key"),
  AUTH_MASTER_ONLY(104, 200, "This route needs the master key"),
  PARAM_MISSING(110, 200, "A required parameter is missing"),
  PARAM_INVALID(111, 200, "A parameter has a wrong type or is out of range"),
  BODY_INVALID(112, 200, "The body must be a JSON object with the documented fields"),
  BODY_TOO_LARGE(113, 413, "The body is over this route's limit"),
  DEVICE_NOT_FOUND(120, 200, "The device does not exist: check device_id"),
  PRODUCT_NOT_FOUND(121, 200, "Unknown product_id: use this platform's product id"),
  COMMAND_NOT_FOUND(122, 200, "No such command for this device: check cmd_uuid and device_id"),
  COMMAND_NOT_REPLIED(123, 200, "The device has not replied yet: poll cmd_status until it is 4"),
  COMMAND_RESP_EXPIRED(124, 200, "The device's reply was deleted 60 s after it arrived: send the command again"),
  PICTURE_NOT_FOUND(125, 200, "No picture with this name on this device-channel"),
  PICTURE_NAME_TAKEN(126, 200, "A picture with this name already exists on this device-channel: choose another name"),
  VIDEO_NOT_FOUND(127, 200, "No recording with this video_id on this device-channel"),
  PAGE_KEY_EXPIRED(128, 200, "Unknown or expired page_key (valid 5 minutes): query the first page again"),
  DEVICE_OFFLINE(129, 200, "The device is offline: nothing can be sent to it"),
  LIMIT_REACHED(130, 200, "The emulator's bound is reached: delete something first"),
  TOKEN_INVALID(131, 403, "Unknown or expired play token: ask play_address for a new one"),
  ROUTE_NOT_FOUND(140, 404, "No such route: see the API document for the paths"),
  METHOD_NOT_ALLOWED(141, 405, "This route does not take this HTTP method"),
  INTERNAL(150, 500, "Internal error of the emulator"),

  OS_OK(200, 200, "succ"),
  OS_BAD_REQUEST(400, 400, "Bad request: check product_id and name"),
  OS_UNAUTHORIZED(401, 401, "Authentication failure: send api-key with the master key or a device key"),
  OS_FORBIDDEN(403, 403, "Access denied"),
  OS_NOT_FOUND(404, 404, "Resource not found"),
  OS_TOO_LARGE(413, 413, "Resource size is too big: objects are at most 8 MB"),
  OS_UNAVAILABLE(503, 503, "Service unavailable: the emulator's object store is full"),
  OS_NAME_SPECIAL(1001, 400, "Invalid name, excluding special characters: use letters, digits and - _ . /"),
  OS_NAME_TOO_LONG(1002, 400, "Invalid name, maximum limit is 256"),
  OS_DESC_TOO_LONG(1003, 400, "Invalid desc, maximum limit is 1024");

  private final int errno;
  private final int httpStatus;
  private final String sentence;

  SimError(int errno, int httpStatus, String sentence) {
    this.errno = errno;
    this.httpStatus = httpStatus;
    this.sentence = sentence;
  }

  public int errno() { return errno; }
  public int httpStatus() { return httpStatus; }
  public String sentence() { return sentence; }

  /** The spec 15 code that stands for this error on the object-storage routes, whose errno is the HTTP status. */
  public SimError forObjectStorage() {
    return switch (this) {
      case AUTH_MISSING, AUTH_INVALID -> OS_UNAUTHORIZED;
      case AUTH_OTHER_DEVICE, AUTH_MASTER_ONLY -> OS_FORBIDDEN;
      case PARAM_MISSING, PARAM_INVALID, BODY_INVALID -> OS_BAD_REQUEST;
      case BODY_TOO_LARGE -> OS_TOO_LARGE;
      case PRODUCT_NOT_FOUND, ROUTE_NOT_FOUND -> OS_NOT_FOUND;
      case LIMIT_REACHED -> OS_UNAVAILABLE;
      default -> this;
    };
  }
}
