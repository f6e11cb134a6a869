package io.mooring.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PruneAllowanceTest {

  @Test
  void eachMarkerLineOfACommitMessageNamesOneRevision() {
    PruneAllowance allowance =
        PruneAllowance.fromCommitMessage(
            """
            Revert "Add the load-test caches"

            This reverts commit 5e1f00d5e1f00d.
            mooring.io/allow-prune: 5E1F00D5E1F0
              mooring.io/allow-prune : "0b5e55ed"
            """,
            "commit 0f0f0f0 by Jane");

    assertThat(allowance.revisions()).containsExactlyInAnyOrder("5e1f00d5e1f0", "0b5e55ed");
    assertThat(allowance.everything()).isFalse();
    assertThat(allowance.kind()).isEqualTo(PruneAllowance.REVISION);
    assertThat(allowance.allowedBy()).isEqualTo("commit 0f0f0f0 by Jane");
  }

  @Test
  void aMessageWithoutAWholeMarkerLineAllowsNothing() {
    assertThat(PruneAllowance.fromCommitMessage("Add caches", "c").isNone()).isTrue();
    // Too short to name one commit, quoted inside a sentence, or no revision at all.
    assertThat(
            PruneAllowance.fromCommitMessage(
                    """
                    mooring.io/allow-prune: 5e1f0
                    Do not add mooring.io/allow-prune: 5e1f00d5e1f0 here
                    mooring.io/allow-prune: yes
                    """,
                    "c")
                .isNone())
        .isTrue();
  }
}
