package dev.warren.lockdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.lockdown.internal.LineDiff;
import org.junit.jupiter.api.Test;

class LineDiffTest {
    @Test
    void sameTextHasNoDiff() {
        assertThat(LineDiff.diff("a\nb\n", "a\nb\n")).isEmpty();
    }

    @Test
    void showsRemovedThenAddedLinesWithTwoLinesOfContext() {
        String before = "1\n2\n3\n4\n5\nold\n6\n7\n8\n9\n";
        String after = "1\n2\n3\n4\n5\nnew\n6\n7\n8\n9\n";
        assertThat(LineDiff.diff(before, after)).isEqualTo("  ...\n  4\n  5\n- old\n+ new\n  6\n  7\n  ...\n");
    }

    @Test
    void fromNothingEverythingIsAdded() {
        assertThat(LineDiff.diff("", "a\nb\n")).isEqualTo("+ a\n+ b\n");
    }
}
