package dev.warren.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** {@link HttpClient} calls to the API, bounded in time. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();

    record Resp(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String message() {
            return json().path("message").asText();
        }

        String error() {
            return json().path("error").asText();
        }
    }

    private final HttpClient client;
    private final String base;

    Http(String base) {
        this(base, null);
    }

    Http(String base, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
        this.base = base;
    }

    Resp get(String path, String token) {
        return send("GET", path, token, null);
    }

    Resp post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    Resp delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    Resp sendWithAuthorization(String method, String path, String authorization) {
        return send(method, path, null, null, authorization);
    }

    Resp send(String method, String path, String token, String body) {
        return send(method, path, token, body, null);
    }

    private Resp send(String method, String path, String token, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
