package dev.edgerelay.recorder;

import java.util.List;

/**
 * A window of a list read from the index: the items of one window of the matches, oldest first, and how many
 * match in all ({@code total}), counted without building every item.
 */
public record Matches<T>(List<T> items, long total) {
  public Matches {
    items = List.copyOf(items);
  }
}
