package dev.warren.api.internal.endpoints;

import dev.warren.api.dashboard.RequestGuard;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Reply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's static files, read once from the classpath and served under {@code /ui/static/}: Warren's
 * stylesheet, script and icon (also at {@code /favicon.ico}), and Chart.js from its WebJar
 * ({@code org.webjars.npm:chart.js}, a Maven dependency: never fetched from the Internet). Pages link each with
 * {@code ?v=} and a digest of its bytes, so that a browser may cache it for a day and still gets a new version at
 * once.
 */
final class DashboardAssets {
    static final String STATIC = "/ui/static/";
    private static final String WEBJAR = "META-INF/resources/webjars/chart.js/";

    /** One file: where it is served, its bytes, its type, and the link pages use (with a version tag). */
    record Asset(String path, byte[] body, String contentType, String href) {
        static Asset of(String path, byte[] body, String contentType) {
            return new Asset(path, body, contentType, path + "?v=" + version(body));
        }
    }

    static final Asset CSS = Asset.of(STATIC + "warren.css", resource("/dev/warren/api/dashboard/warren.css"),
            "text/css; charset=utf-8");
    static final Asset WARREN_JS = Asset.of(STATIC + "warren.js", resource("/dev/warren/api/dashboard/warren.js"),
            "text/javascript; charset=utf-8");
    static final Asset CHART_JS = Asset.of(STATIC + "chart.umd.min.js",
            resource("/" + WEBJAR + chartJsVersion() + "/dist/chart.umd.min.js"), "text/javascript; charset=utf-8");
    /** The icon every page links ({@code <link rel="icon">}). */
    static final Asset FAVICON_SVG = Asset.of(STATIC + "favicon.svg", resource("/dev/warren/api/dashboard/favicon.svg"),
            "image/svg+xml");
    /**
     * The same icon where browsers look without a link (a download, a JSON answer opened in a tab), so that their
     * request is answered rather than logged as a refusal. Made by {@code warren-api/src/build/FaviconIco.java}.
     */
    static final Asset FAVICON_ICO = Asset.of("/favicon.ico", resource("/dev/warren/api/dashboard/favicon.ico"),
            "image/x-icon");

    private DashboardAssets() {}

    /** The route of each asset. */
    static Map<String, Asset> all() {
        Map<String, Asset> all = new LinkedHashMap<>();
        for (Asset a : new Asset[] {CSS, WARREN_JS, CHART_JS, FAVICON_SVG, FAVICON_ICO}) {
            all.put(a.path(), a);
        }
        return all;
    }

    static Reply serve(Asset asset, Call call) {
        Map<String, String> headers = new LinkedHashMap<>(RequestGuard.securityHeaders(false));
        headers.put("Content-Type", asset.contentType());
        return new Reply(HttpResponseStatus.OK, asset.body(), headers);
    }

    /** The Chart.js version of the WebJar on the classpath, from its Maven metadata. */
    static String chartJsVersion() {
        Properties p = new Properties();
        try (InputStream in = DashboardAssets.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the Chart.js WebJar (org.webjars.npm:chart.js) is not on the"
                        + " classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static String version(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
