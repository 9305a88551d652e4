package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.warren.api.auth.ApiTokens;
import dev.warren.api.enroll.BootstrapTokens;
import dev.warren.pki.BootstrapToken;
import dev.warren.store.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A token's secret appears in the one response that creates it, and nowhere else: no other response, no log line. */
class SecretsNotLeakedTest extends ApiTestBase {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<String> responses = new ArrayList<>();

    @BeforeEach
    void capture() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void release() {
        root().detachAppender(logs);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private Http.Resp keep(Http.Resp r) {
        responses.add(r.status() + " " + r.headers().map() + " " + r.body());
        return r;
    }

    @Test
    void secretsStayOutOfResponsesAndLogs() throws IOException {
        String operator = tokenFor(Role.OPERATOR);
        String enrollToken = enrollToken(3600, 1); // the creating response: the one place the secret may be
        BootstrapToken parsed = BootstrapTokens.parse(enrollToken);
        String enrollSecret = parsed.secret();
        String guessed = ApiTokens.issue().token();
        List<String> secrets = List.of(enrollSecret, secret(adminToken), secret(operator), secret(guessed));
        // the user and token endpoints' own creating responses are not kept; everything after is

        keep(http.get("/api/v1/enroll-tokens", adminToken));
        keep(enroll(enrollToken, unique("leak")));
        keep(enroll(enrollToken, unique("leak")));                                        // reused: 401
        keep(enroll(new BootstrapToken(parsed.id(), secret(guessed), parsed.caPin()).format(), unique("leak")));
        keep(http.delete("/api/v1/enroll-tokens/" + enrollToken, adminToken));           // token pasted as id
        keep(http.post("/api/v1/enroll", null, "{\"token\": " + enrollSecret + "}"));    // unquoted: malformed JSON
        keep(http.post("/api/v1/enroll", null, "{\"" + enrollToken + "\": 1}"));         // as a field name
        keep(http.get("/api/v1/whoami", guessed));                                         // unknown token
        keep(http.get("/api/v1/whoami", operator));
        keep(http.get("/api/v1/enroll-tokens", operator));                                 // 403
        keep(http.get("/api/v1/" + enrollToken + "?token=" + secret(adminToken), null));  // 404 echoing a path
        keep(http.sendWithAuthorization("GET", "/api/v1/whoami", "Basic " + enrollSecret));
        keep(http.get("/api/v1/sessions?since=" + enrollSecret, adminToken));
        try (RawHttp raw = new RawHttp(server.port())) {
            RawHttp.Response r = raw.send("GET /api/v1/devices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + operator + "\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n").read();
            responses.add(r.status() + " " + r.headers() + " " + r.body());
        }

        Http.Resp created = http.post("/api/v1/users", adminToken, "{\"name\":\"" + unique("leak") + "\",\"role\":\"operator\"}");
        String userToken = created.json().get("token").asText(); // the creating response
        String name = created.json().get("name").asText();
        Http.Resp more = http.post("/api/v1/users/" + name + "/tokens", adminToken, "{}");
        String moreToken = more.json().get("token").asText();
        secrets = new ArrayList<>(secrets);
        secrets.add(secret(userToken));
        secrets.add(secret(moreToken));
        keep(http.get("/api/v1/users", adminToken));
        keep(http.get("/api/v1/users/" + name + "/tokens", adminToken));
        keep(http.get("/api/v1/whoami", userToken));
        keep(http.get("/api/v1/audit?limit=1000", adminToken));
        keep(http.delete("/api/v1/tokens/" + ApiTokens.parse(moreToken).orElseThrow().id(), adminToken));
        keep(http.get("/api/v1/whoami", moreToken));                                        // revoked: 401

        // passwords: set at creation and later, refused, used to sign in to the dashboard, right and wrong
        String password = "pw-never-printed-" + unique("x");
        String wrongPassword = "wrong-pw-never-printed-" + unique("x");
        String tooShort = "short-" + unique("s");
        String withPassword = unique("leak");
        secrets.addAll(List.of(password, wrongPassword, tooShort));
        keep(http.post("/api/v1/users", adminToken, Http.JSON.createObjectNode().put("name", withPassword)
                .put("role", "operator").put("password", password).toString()));
        keep(http.send("PUT", "/api/v1/users/" + withPassword + "/password", adminToken,
                Http.JSON.createObjectNode().put("password", tooShort).toString()));          // 400
        keep(http.send("PUT", "/api/v1/users/" + withPassword + "/password", adminToken,
                Http.JSON.createObjectNode().put("password", "\n" + password).toString())); // 400, control character
        keep(http.send("PUT", "/api/v1/users/" + withPassword + "/password", adminToken,
                Http.JSON.createObjectNode().put("password", password).toString()));
        keep(dashboardLogin("user=" + withPassword + "&password=" + password));
        keep(dashboardLogin("user=" + withPassword + "&password=" + wrongPassword));       // 401
        keep(dashboardLogin("user=" + password + "&password=" + wrongPassword));           // the password as a name
        keep(http.get("/api/v1/audit?limit=1000", adminToken));

        assertThat(responses).hasSize(28);
        for (String response : responses) {
            for (String secret : secrets) {
                assertThat(response).doesNotContain(secret);
            }
        }
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
            for (String secret : secrets) {
                assertThat(text).as(event.getLoggerName()).doesNotContain(secret);
            }
        }
    }

    /** A sign-in form posted to the dashboard as a browser of the relay would. */
    private Http.Resp dashboardLogin(String form) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/ui/login"))
                            .header("Origin", "https://127.0.0.1:" + server.port())
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Http.Resp(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String secret(String apiToken) {
        return ApiTokens.parse(apiToken).orElseThrow().secret();
    }

    private static String throwableText(IThrowableProxy t) {
        StringBuilder out = new StringBuilder();
        for (IThrowableProxy p = t; p != null; p = p.getCause()) {
            out.append(' ').append(p.getClassName()).append(": ").append(p.getMessage());
        }
        return out.toString();
    }
}
