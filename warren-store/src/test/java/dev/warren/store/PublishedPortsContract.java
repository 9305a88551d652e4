package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

interface PublishedPortsContract extends StoreAccess {

    private PublishedPorts ports() {
        return store().publishedPorts();
    }

    private int freePort() {
        return 20_000 + (int) (COUNTER.incrementAndGet() % 40_000);
    }

    @Test
    default void createListDeleteAndDeviceDeletionRemovesIt() {
        Device d = store().devices().create(unique("pub"), Map.of(), FINGERPRINT, IN_A_YEAR);
        int port = freePort();
        PublishedPort p = new PublishedPort(port, d.id(), "ssh", "admin", now());
        ports().create(p);
        assertThat(ports().byPort(port)).contains(p);
        assertThat(ports().list()).contains(p);

        assertThatThrownBy(() -> ports().create(new PublishedPort(port, d.id(), "http", "admin", now())))
                .isInstanceOf(DuplicateNameException.class).hasMessageContaining("already published");
        assertThatThrownBy(() -> ports().create(new PublishedPort(freePort(), d.id(), "ssh", "admin", now())))
                .as("one port per service").isInstanceOf(DuplicateNameException.class);
        assertThatThrownBy(() -> ports().create(new PublishedPort(freePort(), "d_missing", "ssh", "admin", now())))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("d_missing");

        int other = freePort();
        ports().create(new PublishedPort(other, d.id(), "http", "admin", now()));
        assertThat(ports().delete(port)).isTrue();
        assertThat(ports().delete(port)).isFalse();
        assertThat(ports().byPort(port)).isEmpty();
        store().devices().delete(d.id(), "test");
        assertThat(ports().byPort(other)).as("gone with its device").isEmpty();
        assertThatThrownBy(() -> new PublishedPort(0, "d", "ssh", "a", now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port: 0 (expected: 1..65535)");
    }
}
