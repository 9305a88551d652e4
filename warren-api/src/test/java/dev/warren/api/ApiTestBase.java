package dev.warren.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.api.auth.AdminBootstrap;
import dev.warren.api.auth.ApiTokens;
import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.Csr;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.store.Role;
import dev.warren.store.StoreConfig;
import dev.warren.store.Stores;
import dev.warren.store.User;
import dev.warren.store.WarrenStore;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One embedded store and CA per test class; a fresh server (clock, relay state, rate limits) per test, so that one
 * test's failed attempts from 127.0.0.1 cannot refuse the next test's.
 */
@Timeout(60)
abstract class ApiTestBase {
    @TempDir
    static Path dataDir;
    static WarrenStore store;
    static CertificateAuthority ca;
    static String adminToken;
    private static final AtomicInteger names = new AtomicInteger();

    ApiServer server;
    Http http;

    @BeforeAll
    static void openStore() {
        store = Stores.open(StoreConfig.embedded(dataDir));
        ca = CertificateAuthority.create("Warren Test CA", KeyAlgorithm.EC_P256, Duration.ofDays(365));
        adminToken = AdminBootstrap.ensureAdmin(store, Clock.systemUTC()).orElseThrow();
    }

    @AfterAll
    static void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        SslContext tls = serverTls();
        server = new ApiServer(store, ca, tls);
        http = new Http(baseUrl(), clientTls());
    }

    /** The server's TLS; null: plain HTTP. */
    SslContext serverTls() {
        return null;
    }

    /** The client's TLS (trust, client certificate) for {@link #http}; null: the JDK default. */
    SSLContext clientTls() {
        return null;
    }

    String baseUrl() {
        return (serverTls() == null ? "http" : "https") + "://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + names.incrementAndGet();
    }

    /** A new user with this role and an API token for it (expiring at {@code expiresAt}, null: never). */
    static String tokenFor(Role role, Instant expiresAt) {
        User user = store.users().create(unique(role.name().toLowerCase()), role);
        ApiTokens.Issued token = ApiTokens.issue();
        store.users().addToken(user.id(), token.id(), token.secretHash(), expiresAt);
        return token.token();
    }

    static String tokenFor(Role role) {
        return tokenFor(role, null);
    }

    /** A user and an API token of theirs. */
    record Account(User user, String token) {
        String name() {
            return user.name();
        }
    }

    static Account account(Role role) {
        User user = store.users().create(unique(role.name().toLowerCase()), role);
        ApiTokens.Issued token = ApiTokens.issue();
        store.users().addToken(user.id(), token.id(), token.secretHash(), null);
        return new Account(user, token.token());
    }

    /** A device in the registry (not connected), with these labels. */
    static dev.warren.store.Device newDevice(String prefix, java.util.Map<String, String> labels) {
        byte[] fingerprint = new byte[32];
        new java.security.SecureRandom().nextBytes(fingerprint);
        return store.devices().create(unique(prefix), labels, java.util.HexFormat.of().formatHex(fingerprint),
                Instant.now().plus(Duration.ofDays(30)));
    }

    /** A grant made through the API by the admin; returns its id. */
    String grant(Account to, String device, String service, int ttlSeconds) {
        ObjectNode body = Http.JSON.createObjectNode().put("user", to.name()).put("device", device)
                .put("service", service).put("ttlSeconds", ttlSeconds).put("reason", "test");
        Http.Resp r = http.post("/api/v1/grants", adminToken, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** An enrollment token made through the API. */
    String enrollToken(int ttlSeconds, int uses) {
        Http.Resp r = http.post("/api/v1/enroll-tokens", adminToken,
                "{\"ttlSeconds\":" + ttlSeconds + ",\"uses\":" + uses + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    static String enrollBody(String token, String name, String csr) {
        ObjectNode body = Http.JSON.createObjectNode().put("token", token).put("name", name).put("csr", csr)
                .put("agentVersion", "0.1.0-test");
        body.putObject("labels").put("site", "lab");
        return body.toString();
    }

    Http.Resp enroll(String token, String name, KeyPair keys) {
        return http.post("/api/v1/enroll", null, enrollBody(token, name, Csr.create(keys, name)));
    }

    Http.Resp enroll(String token, String name) {
        return enroll(token, name, KeyAlgorithm.EC_P256.generate());
    }
}
