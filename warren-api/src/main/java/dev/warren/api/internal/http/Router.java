package dev.warren.api.internal.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Routes by method and path pattern ({@code /api/v1/devices/{id}}); literal segments win over parameters. */
public final class Router {
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, ErrorPage> errorPages = new HashMap<>();

    /**
     * How refusals under a path prefix are answered instead of the API's JSON error (the dashboard's HTML); also those
     * made before routing (a malformed request, a body too large), which have a path but no complete request.
     */
    @FunctionalInterface
    public interface ErrorPage {
        Reply render(String path, ApiException error);
    }

    /** One route; {@code segments} of the pattern, where {@code {name}} is a parameter. */
    public record Route(HttpMethod method, String pattern, List<String> segments, Access access, Endpoint endpoint) {
        int literals() {
            return (int) segments.stream().filter(s -> !isParam(s)).count();
        }
    }

    /** What a request path and method found. */
    public sealed interface Match {
        record Found(Route route, Map<String, String> params) implements Match {}

        record NotFound() implements Match {}

        /** The path exists, but not for this method; {@code allowed} are the methods it has. */
        record WrongMethod(Set<String> allowed) implements Match {}
    }

    public Router add(HttpMethod method, String pattern, Access access, Endpoint endpoint) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(endpoint, "endpoint");
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("pattern: '" + pattern + "' (expected: an absolute path)");
        }
        if (!HttpMethod.GET.equals(method) && access.allows(dev.warren.store.Role.AUDITOR)
                && access != Access.OWN_PASSWORD) {
            throw new IllegalArgumentException(method + " " + pattern + ": " + access
                    + " admits auditors (expected: auditors are read-only; only GET routes and their own password"
                    + " (OWN_PASSWORD) may admit them)");
        }
        routes.add(new Route(method, pattern, split(pattern), access, endpoint));
        return this;
    }

    /** Refusals of requests for {@code prefix} or below it (unknown path, wrong method, failure) use {@code page}. */
    public Router errorPages(String prefix, ErrorPage page) {
        if (prefix == null || !prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix: '" + prefix + "' (expected: an absolute path without a"
                    + " trailing slash)");
        }
        errorPages.put(prefix, Objects.requireNonNull(page, "page"));
        return this;
    }

    /** The error page of the longest prefix {@code path} falls under, if any. */
    public ErrorPage errorPage(String path) {
        ErrorPage best = null;
        int length = -1;
        for (Map.Entry<String, ErrorPage> e : errorPages.entrySet()) {
            String prefix = e.getKey();
            if ((path.equals(prefix) || path.startsWith(prefix + "/")) && prefix.length() > length) {
                best = e.getValue();
                length = prefix.length();
            }
        }
        return best;
    }

    /** A router with only the routes (and error pages) at one of {@code prefixes} or below it. */
    public Router only(String... prefixes) {
        Router subset = new Router();
        for (Route r : routes) {
            if (under(r.pattern(), prefixes)) {
                subset.routes.add(r);
            }
        }
        errorPages.forEach((p, page) -> {
            if (under(p, prefixes)) {
                subset.errorPages.put(p, page);
            }
        });
        return subset;
    }

    private static boolean under(String path, String... prefixes) {
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public Match match(HttpMethod method, List<String> segments) {
        Route best = null;
        Map<String, String> bestParams = null;
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> params = bind(route, segments);
            if (params == null) {
                continue;
            }
            allowed.add(route.method().name());
            if (route.method().equals(method) && (best == null || route.literals() > best.literals())) {
                best = route;
                bestParams = params;
            }
        }
        if (best != null) {
            return new Match.Found(best, Map.copyOf(bestParams));
        }
        return allowed.isEmpty() ? new Match.NotFound() : new Match.WrongMethod(allowed);
    }

    private static Map<String, String> bind(Route route, List<String> segments) {
        if (route.segments().size() != segments.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String pattern = route.segments().get(i);
            String actual = segments.get(i);
            if (isParam(pattern)) {
                if (actual.isEmpty()) {
                    return null;
                }
                params.put(pattern.substring(1, pattern.length() - 1), actual);
            } else if (!pattern.equals(actual)) {
                return null;
            }
        }
        return params;
    }

    private static boolean isParam(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.substring(1).split("/", -1)) {
            out.add(s);
        }
        return List.copyOf(out);
    }
}
