package dev.warren.api.internal.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Objects;

/**
 * A refusal: the status, the error code of docs/API.md and a message for the caller. The message goes into the
 * response and (unless {@code logReason} says otherwise) the log, so it must never hold a secret.
 */
public final class ApiException extends RuntimeException {
    private final HttpResponseStatus status;
    private final String code;
    private final String logReason;
    private final Map<String, String> headers;

    public ApiException(HttpResponseStatus status, String code, String message, String logReason,
            Map<String, String> headers) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
        this.logReason = logReason != null ? logReason : message;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_request", message, null, null);
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthenticated", message, null,
                Map.of("WWW-Authenticate", "Bearer realm=\"warren\""));
    }

    public static ApiException forbidden(String message) {
        return new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden", message, null, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", message, null, null);
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpResponseStatus.CONFLICT, "conflict", message, null, null);
    }

    public static ApiException rateLimited(String source, long retryAfterSeconds) {
        return new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limited",
                "too many failed attempts from " + source + "; retry in " + retryAfterSeconds + " s", null,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** What the log says about this refusal (the message unless it could echo caller input that must not be logged). */
    public String logReason() {
        return logReason;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
