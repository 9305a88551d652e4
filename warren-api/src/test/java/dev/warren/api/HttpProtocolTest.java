package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.Role;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP layer over a raw socket: status codes and shapes of errors, keep-alive, pipelining, limits. */
class HttpProtocolTest extends ApiTestBase {

    private RawHttp raw() throws IOException {
        return new RawHttp(server.port());
    }

    private static JsonNode json(RawHttp.Response r) throws IOException {
        return Http.JSON.readTree(r.body());
    }

    @Test
    void unknownPathIs404() throws IOException {
        try (RawHttp c = raw()) {
            RawHttp.Response r = c.send("GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(404);
            assertThat(json(r).get("error").asText()).isEqualTo("not_found");
            assertThat(json(r).get("message").asText()).isEqualTo("no such endpoint: GET /api/v1/nothing");
        }
    }

    @Test
    void wrongMethodIs405WithAllow() throws IOException {
        try (RawHttp c = raw()) {
            RawHttp.Response r = c.send("PUT /api/v1/enroll-tokens HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.header("Allow")).isEqualTo("GET, POST");
            assertThat(json(r).get("message").asText()).contains("method not allowed");

            RawHttp.Response renew = c.send("GET /api/v1/devices/self/renew HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(renew.status()).isEqualTo(405);
            assertThat(renew.header("Allow")).isEqualTo("POST");
        }
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws IOException {
        try (RawHttp c = raw()) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response r = c.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("Connection")).isNull();
            }
            assertThat(c.closedByPeer()).isFalse();
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (RawHttp c = raw()) {
            RawHttp.Response r = c.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() throws IOException {
        try (RawHttp c = raw()) {
            RawHttp.Response r = c.send("GET /api/v1/health HTTP/1.0\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(c.closedByPeer()).isTrue();
        }
        try (RawHttp c = raw()) {
            RawHttp.Response r = c.send("GET /api/v1/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(r.header("Connection")).isEqualTo("keep-alive");
            assertThat(c.send("GET /api/v1/ca HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        String operator = tokenFor(Role.OPERATOR);
        try (RawHttp c = raw()) {
            // the first needs Argon2 (slow), the others not: replies must still come in request order
            c.send("GET /api/v1/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + operator + "\r\n\r\n"
                    + "GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).isEqualTo(404);
            RawHttp.Response health = c.read();
            assertThat(health.status()).isEqualTo(200);
            assertThat(json(health).get("status").asText()).isEqualTo("ok");
        }
    }

    @Test
    void bodyOver64KibIs413AndCloses() throws IOException {
        try (RawHttp c = raw()) {
            RawHttp.Response r = c.send("POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 65537\r\n\r\n{\"token\":").read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(json(r).get("error").asText()).isEqualTo("too_large");
            assertThat(json(r).get("message").asText()).isEqualTo("request body over 64 KiB");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void chunkedBodyOver64KibIs413() throws IOException {
        try (RawHttp c = raw()) {
            String chunk = "x".repeat(40_000);
            String hex = Integer.toHexString(chunk.length());
            c.send("POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + hex + "\r\n" + chunk + "\r\n" + hex + "\r\n" + chunk + "\r\n");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(json(r).get("error").asText()).isEqualTo("too_large");
        }
    }

    @Test
    void expectContinueOverTheLimitIs413Json() throws IOException {
        try (RawHttp c = raw()) {
            RawHttp.Response r = c.send("POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 1000000\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(json(r).get("error").asText()).isEqualTo("too_large");
        }
    }

    @Test
    void bodyOfExactly64KibIsRead() throws IOException {
        String body = "{\"description\":\"" + "x".repeat(65536 - 18) + "\"}";
        assertThat(body).hasSize(65536);
        try (RawHttp c = raw()) {
            RawHttp.Response r = c.send("POST /api/v1/enroll-tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + adminToken + "\r\nContent-Length: 65536\r\n\r\n" + body).read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(json(r).get("message").asText()).startsWith("description: 65518 characters");
        }
    }

    @Test
    void malformedJsonIs400WithTheProblem() throws IOException {
        Http.Resp r = http.post("/api/v1/enroll-tokens", adminToken, "{\"ttlSeconds\": 60,}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("bad_request");
        assertThat(r.message()).startsWith("malformed JSON at line 1, column ").contains("Unexpected character ('}'");

        Http.Resp duplicate = http.post("/api/v1/enroll-tokens", adminToken, "{\"uses\":1,\"uses\":2}");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.message()).contains("Duplicate field 'uses'");

        Http.Resp trailing = http.post("/api/v1/enroll-tokens", adminToken, "{} {}");
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(trailing.message()).startsWith("malformed JSON");
    }

    @Test
    void tooLongRequestLineIs400AndCloses() throws IOException {
        try (RawHttp c = raw()) {
            RawHttp.Response r = c.send("GET /api/v1/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(json(r).get("message").asText()).isEqualTo("request line longer than 4096 bytes");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void tooLargeHeadersAre400() throws IOException {
        try (RawHttp c = raw()) {
            RawHttp.Response r = c.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000)
                    + "\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(json(r).get("message").asText()).isEqualTo("request headers larger than 8192 bytes");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void garbageIs400() throws IOException {
        try (RawHttp c = raw()) {
            RawHttp.Response r = c.send("\u0001\u0002 nonsense\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(json(r).get("error").asText()).isEqualTo("bad_request");
        }
    }

    @Test
    void anUnexpectedFailureIs500WithoutDetails() {
        store.devices().create(unique("boom"), Map.of(), "12".repeat(32), java.time.Instant.now().plusSeconds(60));
        server.relay.failure = new IllegalStateException("internal detail that must stay in the log");
        Http.Resp r = http.get("/api/v1/devices", adminToken);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.error()).isEqualTo("internal");
        assertThat(r.message()).startsWith("internal error (incident ").doesNotContain("internal detail");
        server.relay.failure = null;
        assertThat(http.get("/api/v1/devices", adminToken).status()).isEqualTo(200);
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (ApiServer quick = new ApiServer(store, ca, null, java.time.Duration.ofMillis(300));
                RawHttp c = new RawHttp(quick.port())) {
            assertThat(c.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            c.send("GET /api/v1/health HTTP/1.1\r\nHost:"); // half a request, then silence
            long start = System.nanoTime();
            assertThat(c.closedByPeer()).isTrue();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(3));
        }
    }

    @Test
    void responsesAreNotCached() {
        Http.Resp r = http.get("/api/v1/health", null);
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    }

    @Test
    void trailingSlashAndPercentEncodedNamesWork() {
        assertThat(http.get("/api/v1/health/", null).status()).isEqualTo(200);
        Http.Resp r = http.get("/api/v1/devices/a%2Fb", adminToken);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.message()).isEqualTo("no device 'a/b' (expected: a device id or name)");
    }
}
