package dev.edgerelay.recorder.outbox;

/** What an outbox item carries: a recorded segment (object storage, spec 15.1) or a picture (spec 5.1). */
public enum UploadKind {
  RECORDING,
  PICTURE
}
