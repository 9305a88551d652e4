package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.store.Device;
import dev.warren.store.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route that takes a JSON body, fed what it must refuse: malformed JSON, a JSON value that is not an object, an
 * unknown field, a field of the wrong type, a body over 64 KiB. Each is a 4xx whose message says what is wrong; the
 * resource is left as it was.
 */
class BadInputTest extends ApiTestBase {
    private Account operator;
    private final List<Case> cases = new ArrayList<>();

    /** A route, who calls it, and a field with a wrong-typed value and the message that must name it. */
    record Case(String method, String path, String token, String wrongType, String message) {}

    @BeforeEach
    void resources() {
        operator = account(Role.OPERATOR);
        Device device = newDevice("bad", Map.of());
        String request = http.post("/api/v1/access-requests", operator.token(),
                "{\"device\":\"x\",\"service\":\"ssh\",\"ttlSeconds\":60,\"reason\":\"r\"}").json().get("id").asText();
        String d = "/api/v1/devices/" + device.name();
        String u = "/api/v1/users/" + operator.name();
        cases.addAll(List.of(
                new Case("POST", "/api/v1/enroll-tokens", adminToken, "{\"ttlSeconds\":\"x\"}",
                        "ttlSeconds: a string (expected: a whole number, 1..2592000)"),
                new Case("POST", "/api/v1/users", adminToken, "{\"name\":5}", "name: a number (expected: a string)"),
                new Case("POST", u + "/tokens", adminToken, "{\"ttlSeconds\":true}",
                        "ttlSeconds: a boolean (expected: a whole number, 60..315360000)"),
                new Case("POST", "/api/v1/users/me/tokens", operator.token(), "{\"ttlSeconds\":[1]}",
                        "ttlSeconds: an array (expected: a whole number, 60..315360000)"),
                new Case("POST", u + "/certificates", adminToken, "{\"csr\":{}}", "csr: an object (expected: a string)"),
                new Case("POST", "/api/v1/grants", adminToken, "{\"user\":5}", "user: a number (expected: a string)"),
                new Case("PATCH", d, adminToken, "{\"labels\":\"x\"}",
                        "labels: a string (expected: an object of strings or nulls)"),
                new Case("POST", d + "/disable", adminToken, "{\"reason\":5}", "reason: a number (expected: a string)"),
                new Case("POST", d + "/enable", adminToken, "{\"reason\":false}",
                        "reason: a boolean (expected: a string)"),
                new Case("POST", d + "/disconnect", adminToken, "{\"reason\":{}}",
                        "reason: an object (expected: a string)"),
                new Case("POST", d + "/services/ssh/disable", adminToken, "{\"reason\":1}",
                        "reason: a number (expected: a string)"),
                new Case("POST", d + "/services/ssh/enable", adminToken, "{\"reason\":1}",
                        "reason: a number (expected: a string)"),
                new Case("POST", "/api/v1/access-requests", operator.token(), "{\"device\":5}",
                        "device: a number (expected: a string)"),
                new Case("POST", "/api/v1/access-requests/" + request + "/approve", adminToken,
                        "{\"ttlSeconds\":\"1h\"}", "ttlSeconds: a string (expected: a whole number, 1..7776000)"),
                new Case("POST", "/api/v1/access-requests/" + request + "/deny", adminToken, "{\"note\":1}",
                        "note: a number (expected: a string)"),
                new Case("POST", "/api/v1/enroll", null, "{\"token\":7}", "token: a number (expected: a string)")));
    }

    @Test
    void malformedJsonIs400WithWhereItBroke() {
        for (Case c : cases) {
            Http.Resp r = http.send(c.method(), c.path(), c.token(), "{\"a\": ");
            assertThat(r.status()).as(c.method() + " " + c.path() + ": " + r.body()).isEqualTo(400);
            assertThat(r.error()).isEqualTo("bad_request");
            assertThat(r.message()).as(c.path()).startsWith("malformed JSON at line 1, column ");
        }
    }

    @Test
    void aJsonValueThatIsNotAnObjectIs400() {
        for (Case c : cases) {
            Http.Resp r = http.send(c.method(), c.path(), c.token(), "[1, 2]");
            assertThat(r.status()).as(c.path()).isEqualTo(400);
            assertThat(r.message()).as(c.path()).isEqualTo("body: a JSON array (expected: a JSON object)");
        }
    }

    @Test
    void anUnknownFieldIs400NamingTheFieldsThereAre() {
        for (Case c : cases) {
            Http.Resp r = http.send(c.method(), c.path(), c.token(), "{\"zzz\":1}");
            assertThat(r.status()).as(c.path()).isEqualTo(400);
            assertThat(r.message()).as(c.path()).startsWith("unknown field 'zzz' (expected: ");
        }
    }

    @Test
    void aFieldOfTheWrongTypeIs400NamingIt() {
        for (Case c : cases) {
            Http.Resp r = http.send(c.method(), c.path(), c.token(), c.wrongType());
            assertThat(r.status()).as(c.path() + ": " + r.body()).isEqualTo(400);
            assertThat(r.message()).as(c.path()).isEqualTo(c.message());
        }
    }

    @Test
    void aHugeBodyIs413() throws Exception {
        for (Case c : cases) {
            // the relay answers as soon as the declared length is over the limit, without reading the body
            try (RawHttp raw = new RawHttp(server.port())) {
                RawHttp.Response r = raw.send(c.method() + " " + c.path() + " HTTP/1.1\r\nHost: x\r\n"
                        + (c.token() == null ? "" : "Authorization: Bearer " + c.token() + "\r\n")
                        + "Content-Type: application/json\r\nContent-Length: " + (70 * 1024) + "\r\n\r\n{\"reason\":\"")
                        .read();
                assertThat(r.status()).as(c.path()).isEqualTo(413);
                com.fasterxml.jackson.databind.JsonNode body = Http.JSON.readTree(r.body());
                assertThat(body.get("error").asText()).isEqualTo("too_large");
                assertThat(body.get("message").asText()).isEqualTo("request body over 64 KiB");
            }
        }
    }

    @Test
    void duplicateKeysAndTrailingDataAre400() {
        Http.Resp dup = http.post("/api/v1/grants", adminToken, "{\"user\":\"a\",\"user\":\"b\"}");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.message()).contains("Duplicate field 'user'");
        Http.Resp trailing = http.post("/api/v1/users", adminToken, "{\"name\":\"x\",\"role\":\"auditor\"} {}");
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(trailing.message()).startsWith("malformed JSON");
    }
}
