package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/** A device service published on a relay port, for clients that cannot run Warren. */
public record PublishedPort(int port, String deviceId, String service, String createdBy, Instant createdAt) {
    public PublishedPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        Checks.text("deviceId", deviceId, Checks.ID);
        Checks.text("service", service, Checks.NAME);
        Checks.text("createdBy", createdBy, Checks.NAME);
        createdAt = Checks.instant("createdAt", createdAt);
    }
}
