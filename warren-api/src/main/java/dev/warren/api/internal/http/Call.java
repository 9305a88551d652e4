package dev.warren.api.internal.http;

import dev.warren.api.auth.Principal;
import java.util.Map;

/**
 * A request matched to a route.
 *
 * @param params    the route's {@code {param}} values, percent-decoded
 * @param principal the authenticated user; {@code null} on routes that take no API token
 */
public record Call(ApiRequest request, Map<String, String> params, Principal principal) {
    public String param(String name) {
        return params.get(name);
    }
}
