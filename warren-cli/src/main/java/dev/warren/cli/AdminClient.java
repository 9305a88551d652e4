package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.client.ClientConfig;
import dev.warren.common.net.EventLoops;
import dev.warren.common.text.ConnectErrors;
import dev.warren.common.tls.TlsContexts;
import dev.warren.transport.http.HttpsCall;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The REST API as {@code warren admin} and {@code warren login} use it: JSON in, JSON out, errors as exit codes. */
final class AdminClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ClientConfig config;
    private final SslContext tls;
    private final EventLoopGroup group = EventLoops.group(1, "admin");

    AdminClient(ClientConfig config) {
        this.config = config;
        // a user certificate, when the operator has one, authenticates requests that carry no token
        this.tls = TlsContexts.client(config.identity(), config.trust(), ApplicationProtocolNames.HTTP_1_1);
    }

    JsonNode get(String path) {
        return call(HttpMethod.GET, path, null);
    }

    JsonNode post(String path, Object body) {
        return call(HttpMethod.POST, path, body);
    }

    JsonNode delete(String path) {
        return call(HttpMethod.DELETE, path, null);
    }

    JsonNode patch(String path, Object body) {
        return call(HttpMethod.PATCH, path, body);
    }

    JsonNode call(HttpMethod method, String path, Object body) {
        HttpsCall.Response response;
        try {
            String json = body == null ? null : JSON.writeValueAsString(body);
            Map<String, String> headers = config.hasToken() ? Map.of("Authorization", "Bearer " + config.token())
                    : Map.of();
            response = HttpsCall.send(group, config.relay(), tls, true, config.proxy(), method, path, headers, json)
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // a relay that answered with a certificate nobody here trusts was reached: say what did not match
            throw new CommandFailure(ExitCodes.FAILURE, (ConnectErrors.isTrustFailure(e.getCause())
                    ? "relay " + config.relay() + " is not the relay you trust (--ca, --ca-pin or what 'warren login' saved): "
                    : "cannot reach relay " + config.relay() + ": ") + ConnectErrors.describe(e.getCause()));
        } catch (TimeoutException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "relay " + config.relay() + " did not answer within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCodes.FAILURE, "interrupted");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        JsonNode answer = parse(response.body());
        int status = response.status();
        if (status >= 200 && status < 300) {
            return answer;
        }
        String message = ApiWording.forCli(answer.path("message").asText("HTTP " + status));
        int exit = switch (status) {
            case 401 -> ExitCodes.UNAUTHENTICATED;
            case 403, 404, 409 -> ExitCodes.REFUSED;
            case 400 -> ExitCodes.USAGE;
            default -> ExitCodes.FAILURE;
        };
        throw new CommandFailure(exit, message + " (HTTP " + status + ")");
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode().put("message", body);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
