package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreConfigTest {
    private static final String URL = "jdbc:postgresql://db.example:5432/warren";

    @Test
    void toStringMasksThePassword() {
        StoreConfig cfg = StoreConfig.postgres(URL, "warren", "hunter2");
        assertThat(cfg.toString()).doesNotContain("hunter2").contains("password=****").contains(URL);
        assertThat(cfg.password().toString()).isEqualTo("****");
        assertThat(cfg.password().reveal()).isEqualTo("hunter2");
        assertThat(cfg.maxPoolSize()).isEqualTo(StoreConfig.POSTGRES_POOL);
        assertThat(cfg.isEmbedded()).isFalse();
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> StoreConfig.postgres(URL + "?user=w&password=hunter2", "warren", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jdbcUrl: ****")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> StoreConfig.postgres("jdbc:mysql://x/y", "warren", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("jdbcUrl: 'jdbc:mysql://x/y'");
        assertThatThrownBy(() -> StoreConfig.postgres("jdbc:h2:mem:x", "warren", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: jdbc:postgresql:");
        assertThatThrownBy(() -> StoreConfig.postgres(URL, "", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("user: ''");
        assertThatThrownBy(() -> new StoreConfig(URL, "warren", null, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("password: null (expected: a value)");
        assertThatThrownBy(() -> StoreConfig.postgres(URL, "warren", "").withMaxPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxPoolSize: 0 (expected: 1..200)");
        assertThatThrownBy(() -> StoreConfig.embedded(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dataDir: null (expected: a value)");
    }

    @Test
    void secretPrintsAsStars() {
        Secret s = new Secret("pw");
        assertThat(s).hasToString("****");
        assertThat(s.reveal()).isEqualTo("pw");
        assertThat(new Secret("").isEmpty()).isTrue();
    }
}
