package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warren.agent.Agent;
import dev.warren.client.LocalForwarder;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.relay.OperationsConfig;
import dev.warren.store.Secret;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.net.EchoServer;
import dev.warren.transport.DialException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /metrics} scraped and parsed after real traffic and real refusals; {@code /healthz} and {@code /readyz}. */
@Timeout(90)
class MetricsAndHealthTest {
    private static final String TOKEN = "metrics-token-0123456789";

    @RegisterExtension
    static final RelayExtension relay = new RelayExtension(c -> c.withOperations(OperationsConfig.DEFAULTS
            .withTrafficFlush(Duration.ofMillis(200))
            .withMetrics(new OperationsConfig.Metrics(new HostPort("127.0.0.1", 0), new Secret(TOKEN)))));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String path, String token) throws Exception {
        HostPort a = relay.get().server().metricsAddress().orElseThrow();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + a + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> r = get("/metrics", TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        return PrometheusText.parse(r.body());
    }

    @Test
    void aScrapeCountsDevicesStreamsBytesAndEveryKindOfFailure() throws Exception {
        try (EchoServer echo = EchoServer.start(200);
                Agent agent = TestAgents.start(relay.get(), "dev-m", relay.newDir("agent"),
                        Map.of("echo", new HostPort("127.0.0.1", echo.port())))) {
            await().atMost(Duration.ofSeconds(10)).until(agent::connected);
            try (OperatorClient admin = new OperatorClient(relay.get().admin());
                    LocalForwarder forwarder = LocalForwarder.start(admin, new HostPort("127.0.0.1", 0), "dev-m",
                            "echo", r -> { })) {
                byte[] data = Wire.random(100_000, 5);
                try (Socket s = Wire.connect(forwarder.port())) {
                    s.getOutputStream().write(data);
                    assertThat(s.getInputStream().readNBytes(data.length)).isEqualTo(data);
                }

                PrometheusText open = scrape();
                assertThat(open.value("warren_devices_online")).isEqualTo(1);
                assertThat(open.value("warren_operators_connected")).isEqualTo(1);
                assertThat(open.types()).containsEntry("warren_streams_total", "counter")
                        .containsEntry("warren_devices_online", "gauge");
            }
            // an operator without a grant: refused by access control
            String token = relay.get().createUser("olga-m", "operator");
            try (OperatorClient olga = new OperatorClient(relay.get().operator(token))) {
                assertThat(Streams.refusal(olga, "dev-m", "echo").reason()).contains("no device named");
            }
            // a wrong token: refused at HELLO
            try (OperatorClient wrong = new OperatorClient(relay.get().operator("wat1.0123456789abcdef.nope"))) {
                assertThatThrownBy(() -> wrong.awaitSession(10)).isInstanceOf(DialException.class);
            }
            // not TLS at all: the handshake fails
            try (Socket s = new Socket("127.0.0.1", relay.get().address().port())) {
                OutputStream out = s.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.setSoTimeout(5000);
                s.getInputStream().readAllBytes();
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                PrometheusText m = scrape();
                assertThat(m.value("warren_streams_total")).isGreaterThanOrEqualTo(1);
                assertThat(m.value("warren_streams_open")).isZero();
                assertThat(m.value("warren_stream_bytes_total", "direction=\"to_device\"")).isEqualTo(100_000);
                assertThat(m.value("warren_stream_bytes_total", "direction=\"from_device\"")).isEqualTo(100_000);
                assertThat(m.value("warren_grant_refusals_total", "reason=\"NO_SUCH_DEVICE\"")).isEqualTo(1);
                assertThat(m.value("warren_stream_refusals_total", "reason=\"NO_SUCH_DEVICE\"")).isEqualTo(1);
                assertThat(m.value("warren_auth_failures_total", "role=\"operator\"", "reason=\"UNAUTHENTICATED\""))
                        .isEqualTo(1);
                assertThat(m.value("warren_tls_handshake_failures_total", "reason=\"")).isGreaterThanOrEqualTo(1);
                assertThat(m.value("warren_store_write_seconds_count", "writer=\"store\"", "outcome=\"committed\""))
                        .isGreaterThan(0);
                assertThat(m.value("warren_store_write_queue", "writer=\"audit\"")).isGreaterThanOrEqualTo(0);
                assertThat(m.value("jvm_memory_used_bytes", "area=\"heap\"", "id=\"G1 Eden Space\""))
                        .isGreaterThan(0);
                assertThat(m.value("process_uptime_seconds")).isGreaterThan(0);
            });
        }
    }

    @Test
    void metricsNeedTheTokenHealthAndReadinessDoNot() throws Exception {
        HttpResponse<String> none = get("/metrics", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).contains("Bearer realm=\"warren-metrics\"");
        assertThat(get("/metrics", "wrong-token-0123456789").statusCode()).isEqualTo(401);
        HttpResponse<String> health = get("/healthz", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        HttpResponse<String> ready = get("/readyz", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"checks\":{\"listener\":true,\"store\":true}}\n");
        assertThat(get("/other", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aRelayWhoseStoreIsGoneIsNotReady() throws Exception {
        java.nio.file.Path dir = relay.newDir("unready");
        try (dev.warren.testing.TestRelay other = dev.warren.testing.TestRelay.start(dir, c -> c.withOperations(
                OperationsConfig.DEFAULTS.withMetrics(new OperationsConfig.Metrics(new HostPort("127.0.0.1", 0),
                        null))))) {
            HostPort a = other.server().metricsAddress().orElseThrow();
            URI readyz = URI.create("http://" + a + "/readyz");
            assertThat(http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://" + a + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("no token needed on loopback").isEqualTo(200);
            other.server().store().close(); // the database is gone
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(readyz).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("{\"status\":\"not ready\",\"checks\":{\"listener\":true,\"store\":false}}\n");
        }
    }

    @Test
    void metricsOffLoopbackWithoutATokenAreRefusedAtStart() {
        assertThatThrownBy(() -> new OperationsConfig.Metrics(new HostPort("0.0.0.0", 9464), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a loopback address").hasMessageContaining("--metrics-token-file");
    }
}
