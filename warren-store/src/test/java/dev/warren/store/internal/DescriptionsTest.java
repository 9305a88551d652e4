package dev.warren.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DescriptionsTest {
    @Test
    void h2KeepsThePathAndDropsOptions() {
        assertThat(Descriptions.of("jdbc:h2:file:/var/lib/warren/store/warren;MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE"))
                .isEqualTo("h2:/var/lib/warren/store/warren");
        assertThat(Descriptions.of("jdbc:h2:mem:test")).isEqualTo("h2:mem:test");
    }

    @Test
    void postgresKeepsHostPortAndDatabaseOnly() {
        assertThat(Descriptions.of("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=x&user=y"))
                .isEqualTo("postgresql://127.0.0.1:5432/test");
        assertThat(Descriptions.of("jdbc:postgresql://someone:pw@db:5432/warren")).isEqualTo("postgresql://db:5432/warren");
        assertThat(Descriptions.of("jdbc:postgresql:warren")).isEqualTo("postgresql:warren");
    }
}
