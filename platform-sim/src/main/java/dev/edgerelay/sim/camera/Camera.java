package dev.edgerelay.sim.camera;

/** A running synthetic camera publishing one channel into the origin. */
interface Camera {
  /** Stops publishing and ends the stream; blocking until its thread or timer is gone. */
  void stop();
}
