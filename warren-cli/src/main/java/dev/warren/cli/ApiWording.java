package dev.warren.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API problem's message in the CLI's terms: where the API points REST users at a listing
 * ({@code GET /api/v1/grants}), the CLI points at the command that shows it. The API's own text stays as it is.
 */
final class ApiWording {
    /** Most specific first: {@code /users/{user}/tokens} before {@code /users/NAME} before {@code /users}. */
    private static final Map<Pattern, String> LISTINGS = new LinkedHashMap<>();

    static {
        listing("users/\\{user\\}/tokens", "warren admin user token list USER");
        listing("users/([^\\s/)]+)", "warren admin user show $1");
        listing("users", "warren admin user list");
        listing("sessions", "warren admin sessions");
        listing("enroll-tokens", "warren admin enroll-token list");
        listing("grants", "warren admin grant list");
        listing("access-requests", "warren admin access list");
        listing("devices", "warren admin devices");
        listing("published-ports", "warren admin publish list");
    }

    private ApiWording() {}

    private static void listing(String path, String command) {
        LISTINGS.put(Pattern.compile("GET /api/v1/" + path + "(?![\\w/-])"), "'" + command + "'");
    }

    static String forCli(String apiMessage) {
        String text = apiMessage;
        for (Map.Entry<Pattern, String> e : LISTINGS.entrySet()) {
            text = e.getKey().matcher(text).replaceAll(e.getValue());
        }
        return text;
    }
}
