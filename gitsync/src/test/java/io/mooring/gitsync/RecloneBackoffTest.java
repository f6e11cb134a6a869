package io.mooring.gitsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A mirror that stays unreadable after clones is cloned ever more rarely, but never given up. */
class RecloneBackoffTest {

  private static int[] clonesAmongTheFirst(int failures) {
    return IntStream.rangeClosed(0, failures).filter(RecloneBackoff::due).toArray();
  }

  @Test
  void theFirstFailureClonesAtOnceAndLaterOnesThinOut() {
    assertThat(clonesAmongTheFirst(64)).containsExactly(1, 2, 4, 8, 16, 32, 64);
  }

  @Test
  void aMirrorThatStaysUnreadableIsStillClonedRegularly() {
    assertThat(IntStream.rangeClosed(65, 640).filter(RecloneBackoff::due).count())
        .as("clones between the 65th and the 640th failure")
        .isEqualTo(9);
  }
}
