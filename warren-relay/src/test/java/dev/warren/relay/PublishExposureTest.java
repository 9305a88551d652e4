package dev.warren.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.net.SourceAllowList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Published ports open to every source are allowed, but the relay says so once at start (docs/OPERATIONS.md). */
class PublishExposureTest {
    private static OperationsConfig.Publish publish(String bind, String... allow) {
        return new OperationsConfig.Publish(20000, 20100, bind, SourceAllowList.parse(List.of(allow)));
    }

    @Test
    void everySourceOnEveryInterfaceIsWarnedAbout() {
        assertThat(publish("0.0.0.0", "0.0.0.0/0").exposureWarning()).hasValueSatisfying(w -> assertThat(w)
                .startsWith("published ports admit every source address (--publish-allow 0.0.0.0/0) on every"
                        + " interface (--publish-bind 0.0.0.0)")
                .contains("docs/OPERATIONS.md"));
        assertThat(publish("::", "10.0.0.0/8", "::/0").exposureWarning()).hasValueSatisfying(w -> assertThat(w)
                .contains("(--publish-allow ::/0) on every interface (--publish-bind ::)"));
        assertThat(publish("10.0.0.1", "0.0.0.0/0").exposureWarning()).hasValueSatisfying(w -> assertThat(w)
                .contains("(--publish-allow 0.0.0.0/0) on 10.0.0.1:"));
    }

    @Test
    void limitedSourcesAreNotWarnedAbout() {
        assertThat(publish("0.0.0.0", "10.0.0.0/24").exposureWarning()).isEmpty();
        assertThat(publish("10.0.0.1", "10.0.0.0/24", "192.168.1.7/32").exposureWarning()).isEmpty();
    }
}
