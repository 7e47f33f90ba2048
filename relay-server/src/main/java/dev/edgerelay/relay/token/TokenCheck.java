package dev.edgerelay.relay.token;

/** The outcome of checking a play token: the grant, or the reason it was refused in words a user can act on. */
public record TokenCheck(PlayGrant grant, String problem) {
  static TokenCheck valid(PlayGrant grant) {
    return new TokenCheck(grant, null);
  }

  static TokenCheck refused(String problem) {
    return new TokenCheck(null, problem);
  }

  public boolean valid() {
    return grant != null;
  }
}
