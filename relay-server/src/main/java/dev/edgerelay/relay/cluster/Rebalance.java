package dev.edgerelay.relay.cluster;

/** Whether a node that (re)joins takes its channels back by itself once the join grace is over, or only when asked. */
public enum Rebalance {
  AUTO,
  MANUAL;

  public String wireName() {
    return WireEnum.wireName(this);
  }
}
