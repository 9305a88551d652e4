package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.testing.TempDirs;
import dev.warren.testing.TestRelay;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The audit trail is written behind the streams, so a killed relay may lose its last moments' events: the next start
 * says so in the trail ({@code relay.recovered}, {@code cleanStop: false}); a clean stop leaves nothing to report.
 */
@Timeout(120)
class UncleanStopTest {

    @Test
    void aStartAfterAKilledRunRecordsItAndACleanStopLeavesNoTrace() throws Exception {
        Path root = Files.createTempDirectory("warren-unclean-");
        Path data = root.resolve("data");
        try {
            TestRelay first = TestRelay.start(data);
            assertThat(data.resolve("relay.running")).as("marked while running").exists();
            first.close();
            assertThat(data.resolve("relay.running")).as("a clean stop removes the mark").doesNotExist();

            // what a killed run leaves behind: its mark
            Files.writeString(data.resolve("relay.running"), "started 2026-01-02T03:04:05Z pid 4242\n");
            TestRelay second = TestRelay.start(data);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> recovered(second) != null);
                JsonNode event = recovered(second);
                assertThat(event.path("actor").asText()).isEqualTo("relay");
                assertThat(event.path("details").path("cleanStop").asBoolean()).isFalse();
                assertThat(event.path("details").path("previousRun").asText())
                        .isEqualTo("started 2026-01-02T03:04:05Z pid 4242");
            } finally {
                second.close();
            }

            TestRelay third = TestRelay.start(data);
            try {
                assertThat(third.admin(HttpMethod.GET, "/api/v1/audit?action=relay.recovered", null, 200))
                        .as("only the start after the killed run reported one").hasSize(1);
            } finally {
                third.close();
            }
        } finally {
            TempDirs.delete(root);
        }
    }

    private static JsonNode recovered(TestRelay relay) {
        JsonNode events = relay.admin(HttpMethod.GET, "/api/v1/audit?action=relay.recovered", null, 200);
        return events.isEmpty() ? null : events.get(0);
    }
}
