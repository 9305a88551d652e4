package dev.warren.api.internal.endpoints;

import dev.warren.api.dashboard.RequestGuard;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Reply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The dashboard's static files, read once from the classpath: public, cacheable, with the security headers. */
final class DashboardAssets {
    private final byte[] css;

    DashboardAssets() {
        this.css = resource("/dev/warren/api/dashboard/warren.css");
    }

    Reply stylesheet(Call call) {
        return asset(css, "text/css; charset=utf-8");
    }

    private static Reply asset(byte[] body, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>(RequestGuard.securityHeaders(false));
        headers.put("Content-Type", contentType);
        return new Reply(HttpResponseStatus.OK, body, headers);
    }

    static byte[] resource(String path) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource missing from the jar: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
