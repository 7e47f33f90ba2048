package dev.edgerelay.relay.platform.model;

import java.util.List;

/** One page of a paged answer: its items in the platform's order and where it sits. */
public record Page<T>(List<T> items, PageInfo info) {
  public Page {
    items = List.copyOf(items);
  }
}
