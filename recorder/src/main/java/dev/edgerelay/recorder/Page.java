package dev.edgerelay.recorder;

import java.util.List;

/**
 * One page of a list as the platform's list APIs answer it (spec 5.2, 6.2; pages count from 1): the items of
 * page {@code page} of {@code size}, and the {@code total} they were cut from. Arithmetic in {@code long}, and a
 * page past the end is empty, so no page number a request can carry overflows or fails.
 */
public record Page<T>(List<T> items, long total, long page, long size) {
  public Page {
    items = List.copyOf(items);
  }

  /** Page {@code page} (from 1) of {@code size} items of {@code all}. */
  public static <T> Page<T> of(List<T> all, long page, long size) {
    long first = first(page, size);
    if (first >= all.size()) {
      return new Page<>(List.of(), all.size(), page, size);
    }
    return new Page<>(all.subList((int) first, (int) Math.min(all.size(), first + size)), all.size(), page, size);
  }

  /** The index (from 0) of page {@code page}'s first item, saturated; page and size count from 1. */
  public static long first(long page, long size) {
    if (page < 1 || size < 1) {
      throw new IllegalArgumentException("page and size count from 1, got page " + page + " size " + size);
    }
    return page - 1 > Long.MAX_VALUE / size ? Long.MAX_VALUE : (page - 1) * size;
  }

  /** Pages there are: the total divided by the size, rounded up. */
  public long pageTotal() {
    return total / size + (total % size == 0 ? 0 : 1);
  }
}
