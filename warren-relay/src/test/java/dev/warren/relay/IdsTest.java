package dev.warren.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Session ids: unique, and in the order they were made from one second to the next (the store's B-trees). */
class IdsTest {
    @Test
    void sessionIdsAreTheSecondThenRandomDigits() {
        String id = Ids.session(0x6750_1234L);
        assertThat(id).matches("s_67501234[0-9a-f]{16}");
        assertThat(Ids.session()).matches("s_[0-9a-f]{24}");
    }

    @Test
    void anIdOfALaterSecondSortsAfterEveryIdOfAnEarlierOne() {
        for (int i = 0; i < 100; i++) {
            assertThat(Ids.session(1_765_000_001L)).isGreaterThan(Ids.session(1_765_000_000L));
        }
    }

    @Test
    void idsOfOneSecondDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.session(1_765_000_000L));
        }
        assertThat(ids).hasSize(10_000);
    }
}
