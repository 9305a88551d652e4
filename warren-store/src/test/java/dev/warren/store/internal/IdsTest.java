package dev.warren.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void idsArePrefixedLowercaseBase32AndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.next("d_");
            assertThat(id).matches("d_[a-z2-7]{16}");
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}
