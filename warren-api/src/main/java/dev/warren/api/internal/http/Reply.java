package dev.warren.api.internal.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** A response ready to write: the status, the JSON body ({@code null}: none) and extra headers. */
public record Reply(HttpResponseStatus status, byte[] json, Map<String, String> headers) {
    public Reply {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static Reply ok(Object body) {
        return new Reply(HttpResponseStatus.OK, Json.write(body), null);
    }

    public static Reply created(Object body) {
        return new Reply(HttpResponseStatus.CREATED, Json.write(body), null);
    }

    public static Reply noContent() {
        return new Reply(HttpResponseStatus.NO_CONTENT, null, null);
    }

    public static Reply error(ApiException e) {
        return new Reply(e.status(), Json.error(e.code(), e.getMessage()), e.headers());
    }
}
