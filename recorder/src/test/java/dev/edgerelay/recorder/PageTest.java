package dev.edgerelay.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Paging as the platform's lists answer (pages from 1), for every page number a request can carry. */
class PageTest {
  static final List<Integer> FIVE = List.of(1, 2, 3, 4, 5);

  @Test
  void shouldCutPagesFromOneAndCountThemRoundingUp() {
    Page<Integer> second = Page.of(FIVE, 2, 2);

    assertThat(second.items()).containsExactly(3, 4);
    assertThat(second.total()).isEqualTo(5);
    assertThat(second.pageTotal()).isEqualTo(3);
    assertThat(Page.of(FIVE, 3, 2).items()).containsExactly(5);
    assertThat(Page.of(List.of(), 1, 10).pageTotal()).isZero();
  }

  @Test
  void shouldAnswerAnEmptyPagePastTheEndEvenWhenTheOffsetOverflows() {
    assertThat(Page.of(FIVE, 4, 2).items()).isEmpty();
    Page<Integer> far = Page.of(FIVE, Integer.MAX_VALUE, 100); // (page - 1) * size overflows an int
    assertThat(far.items()).isEmpty();
    assertThat(far.pageTotal()).isEqualTo(1);
    assertThat(Page.of(FIVE, Long.MAX_VALUE, Long.MAX_VALUE).items()).isEmpty(); // and a long
  }

  @Test
  void shouldRefuseAPageOrSizeBelowOne() {
    assertThatThrownBy(() -> Page.of(FIVE, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Page.of(FIVE, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
