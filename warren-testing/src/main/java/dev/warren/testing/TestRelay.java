package dev.warren.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.agent.AgentFiles;
import dev.warren.agent.Enrollment;
import dev.warren.client.ClientConfig;
import dev.warren.common.net.EventLoops;
import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TlsContexts;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.relay.RelayConfig;
import dev.warren.relay.RelayServer;
import dev.warren.store.StoreConfig;
import dev.warren.transport.http.HttpsCall;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real relay in this JVM on 127.0.0.1 and an ephemeral port, with its own data directory, and the calls tests make
 * against it: enrollment tokens, enrolled agents, operator configurations.
 */
public final class TestRelay implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;
    private final RelayConfig config;
    private RelayServer relay;
    private final String adminToken;
    private final EventLoopGroup httpGroup = EventLoops.group(1, "test-http");
    private SslContext apiTls;

    private TestRelay(Path dataDir, RelayConfig config) {
        this.dataDir = dataDir;
        this.config = config;
        this.relay = RelayServer.start(config);
        this.adminToken = readAdminToken();
        this.apiTls = TlsContexts.client(null, new TrustPolicy.Cas(List.of(relay.caCertificate())),
                ApplicationProtocolNames.HTTP_1_1);
    }

    /** A relay with fast keep-alives (200 ms, dead after 600 ms) so liveness tests run quickly. */
    public static TestRelay start(Path dataDir) {
        return start(dataDir, c -> c);
    }

    public static TestRelay start(Path dataDir, UnaryOperator<RelayConfig> customize) {
        RelayConfig base = RelayConfig.of(dataDir, new HostPort("127.0.0.1", 0))
                .withSession(fastSession().withMaxWindow(8 << 20));
        return new TestRelay(dataDir, customize.apply(base));
    }

    /** Sessions that notice a dead peer within a second. */
    public static SessionConfig fastSession() {
        return SessionConfig.DEFAULTS.withKeepalive(Duration.ofMillis(200));
    }

    public RelayServer server() {
        return relay;
    }

    public HostPort address() {
        return relay.address();
    }

    public Path dataDir() {
        return dataDir;
    }

    public String adminToken() {
        return adminToken;
    }

    /** Stops the relay and starts it again on the same port and data directory (agents must come back). */
    public void restart() {
        int port = relay.port();
        relay.close();
        relay = RelayServer.start(config.withListen(new HostPort("127.0.0.1", port)));
    }

    /** Operator settings for a token, trusting this relay's CA. */
    public ClientConfig operator(String token) {
        return new ClientConfig(address(), token, new TrustPolicy.Cas(List.of(relay.caCertificate())), fastSession());
    }

    public ClientConfig admin() {
        return operator(adminToken);
    }

    /** A bootstrap token for {@code uses} enrollments, valid for {@code ttl}. */
    public String enrollToken(Duration ttl, int uses) {
        JsonNode created = api(HttpMethod.POST, "/api/v1/enroll-tokens", adminToken,
                Map.of("ttlSeconds", ttl.toSeconds(), "uses", uses), 201);
        return created.path("token").asText();
    }

    /** Enrolls a device named {@code name} into {@code agentDir} and returns its files. */
    public AgentFiles enroll(String name, Path agentDir) throws Enrollment.EnrollmentException {
        AgentFiles files = new AgentFiles(agentDir);
        Enrollment.enroll(new Enrollment.Request(address(), enrollToken(Duration.ofMinutes(5), 1), name, Map.of(), false),
                files);
        return files;
    }

    /** Creates a user with {@code role} (admin, operator, auditor) through the API and returns their API token. */
    public String createUser(String name, String role) {
        return api(HttpMethod.POST, "/api/v1/users", adminToken, Map.of("name", name, "role", role), 201)
                .path("token").asText();
    }

    /** Grants {@code user} {@code service} of {@code device} for {@code ttl} through the API; returns the grant. */
    public JsonNode grant(String user, String device, String service, Duration ttl) {
        return api(HttpMethod.POST, "/api/v1/grants", adminToken, Map.of("user", user, "device", device,
                "service", service, "ttlSeconds", Math.max(1, ttl.toSeconds()), "reason", "test"), 201);
    }

    /** Calls the REST API as the admin and expects {@code status}. */
    public JsonNode admin(HttpMethod method, String path, Object body, int status) {
        return api(method, path, adminToken, body, status);
    }

    /** Calls the REST API as {@code token} and expects {@code status}; returns the JSON body. */
    public JsonNode api(HttpMethod method, String path, String token, Object body, int status) {
        try {
            HttpsCall.Response response = HttpsCall.send(httpGroup, address(), apiTls, true, method, path,
                    token == null ? Map.of() : Map.of("Authorization", "Bearer " + token),
                    body == null ? null : JSON.writeValueAsString(body)).get(30, TimeUnit.SECONDS);
            if (response.status() != status) {
                throw new AssertionError(method + " " + path + ": HTTP " + response.status() + " (expected " + status
                        + "): " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    private String readAdminToken() {
        try {
            return Files.readString(dataDir.resolve("admin.token")).trim();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("relay wrote no admin token in " + dataDir, e);
        }
    }

    /** The embedded store's settings, e.g. to open it after the relay stopped. */
    public StoreConfig storeConfig() {
        return config.store() != null ? config.store() : StoreConfig.embedded(dataDir);
    }

    @Override
    public void close() {
        relay.close();
        httpGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
