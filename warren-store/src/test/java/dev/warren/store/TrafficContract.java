package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

interface TrafficContract extends StoreAccess {

    private Traffic traffic() {
        return store().traffic();
    }

    /** A whole hour of the past, far enough that other tests' rows never land in it. */
    private Instant hour(int daysAgo) {
        long now = Instant.now().getEpochSecond();
        return Instant.ofEpochSecond(Traffic.floor(now - daysAgo * 86_400L - (COUNTER.incrementAndGet() % 500) * 3600,
                Traffic.HOUR));
    }

    private static TrafficSample sample(Instant minute, String device, String service, long to, long from, long n) {
        return new TrafficSample(minute, device, "name-" + device, service, to, from, n);
    }

    private List<TrafficPoint> all(Instant from, Instant to, int step, Set<String> devices, TrafficQuery.Grouping g) {
        return traffic().query(new TrafficQuery(from, to, step, devices, null, g));
    }

    @Test
    default void samplesOfOneMinuteAddUpAndStepsSumMinutes() {
        String d = unique("d");
        Instant h = hour(3);
        traffic().add("node-1", List.of(sample(h.plusSeconds(5), d, "ssh", 100, 10, 1),
                sample(h.plusSeconds(50), d, "ssh", 1, 2, 0)));
        traffic().add("node-1", List.of(sample(h.plusSeconds(61), d, "ssh", 1000, 0, 2),
                sample(h.plusSeconds(125), d, "http", 7, 8, 1)));
        traffic().add("node-2", List.of(sample(h.plusSeconds(10), d, "ssh", 5, 5, 1)));

        assertThat(all(h, h.plusSeconds(3600), 60, Set.of(d), TrafficQuery.Grouping.SERVICE)).containsExactly(
                new TrafficPoint(h, d, "name-" + d, "ssh", 106, 17, 2),
                new TrafficPoint(h.plusSeconds(60), d, "name-" + d, "ssh", 1000, 0, 2),
                new TrafficPoint(h.plusSeconds(120), d, "name-" + d, "http", 7, 8, 1));
        assertThat(all(h, h.plusSeconds(3600), 300, Set.of(d), TrafficQuery.Grouping.DEVICE)).containsExactly(
                new TrafficPoint(h, d, "name-" + d, null, 1113, 25, 5));
        assertThat(traffic().query(new TrafficQuery(h, h.plusSeconds(3600), 3600, Set.of(d), "http",
                TrafficQuery.Grouping.TOTAL))).containsExactly(new TrafficPoint(h, null, null, null, 7, 8, 1));
        assertThat(all(h, h.plusSeconds(60), 60, Set.of(d), TrafficQuery.Grouping.TOTAL))
                .as("to is exclusive").containsExactly(new TrafficPoint(h, null, null, null, 106, 17, 2));
        assertThat(all(h, h.plusSeconds(3600), 60, Set.of(), TrafficQuery.Grouping.TOTAL)).isEmpty();
    }

    @Test
    default void rollUpTurnsOldMinutesIntoHoursOfTheSameSums() {
        String d = unique("d");
        String node = unique("node");
        Instant h = hour(3);
        traffic().add(node, List.of(sample(h, d, "ssh", 1, 2, 1), sample(h.plusSeconds(1800), d, "ssh", 10, 20, 1),
                sample(h.plusSeconds(3600), d, "ssh", 100, 200, 1)));
        traffic().add("other-" + node, List.of(sample(h, d, "ssh", 5, 5, 5)));

        assertThat(traffic().rollUp(node, h.plusSeconds(3600 + 1800))).as("only whole hours, only this node")
                .isEqualTo(2);
        assertThat(all(h, h.plusSeconds(7200), 60, Set.of(d), TrafficQuery.Grouping.DEVICE)).containsExactly(
                new TrafficPoint(h, d, "name-" + d, null, 16, 27, 7),
                new TrafficPoint(h.plusSeconds(3600), d, "name-" + d, null, 100, 200, 1));
        traffic().add(node, List.of(sample(h.plusSeconds(120), d, "ssh", 1, 1, 0)));
        assertThat(traffic().rollUp(node, h.plusSeconds(7200))).as("a late minute adds to its hour").isEqualTo(2);
        assertThat(all(h, h.plusSeconds(7200), 3600, Set.of(d), TrafficQuery.Grouping.TOTAL)).containsExactly(
                new TrafficPoint(h, null, null, null, 17, 28, 7),
                new TrafficPoint(h.plusSeconds(3600), null, null, null, 100, 200, 1));
    }

    @Test
    default void purgeRemovesWhatIsOlderThanTheRetention() {
        String d = unique("d");
        Instant old = hour(400);
        traffic().add("node-1", List.of(sample(old, d, "ssh", 1, 1, 1)));
        assertThat(traffic().purge(old.plusSeconds(1))).isGreaterThanOrEqualTo(1);
        assertThat(all(old, old.plusSeconds(3600), 60, Set.of(d), TrafficQuery.Grouping.TOTAL)).isEmpty();
    }

    @Test
    default void badSamplesAndQueriesAreRefused() {
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        assertThatThrownBy(() -> sample(t, "d", "ssh", -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bytesToDevice: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new TrafficQuery(t, t, 60, null, null, TrafficQuery.Grouping.TOTAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: after from");
        assertThatThrownBy(() -> new TrafficQuery(t, t.plusSeconds(60), 90, null, null, TrafficQuery.Grouping.TOTAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a multiple of 60");
        assertThatThrownBy(() -> new TrafficQuery(t, t.plusSeconds(86_400L * 30), 60, null, null,
                TrafficQuery.Grouping.TOTAL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use a larger step");
        assertThat(sample(t.plusMillis(59_999), "d", "ssh", 0, 0, 0).minute()).isEqualTo(t);
    }
}
