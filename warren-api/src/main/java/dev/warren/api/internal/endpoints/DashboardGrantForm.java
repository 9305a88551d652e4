package dev.warren.api.internal.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Json;
import dev.warren.api.internal.http.Redaction;
import dev.warren.store.Grant;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grants page's create form: what was typed (kept, to be shown again with the problems), the body of
 * {@code POST /api/v1/grants} it stands for, and the problems only the form can have (a duration in minutes, hours or
 * days; a label selector typed as {@code key=value, key=value}). Every field the REST API and
 * {@code warren admin grant create} take: an operator ({@code user}) or, device to device, the device whose agent
 * forwards ({@code fromDevice}); a device (name or id) or a label selector; a service ({@code *}: all); how long; why.
 */
final class DashboardGrantForm {
    /** The form's fields, in the order of the page. */
    static final List<String> FIELDS = List.of("user", "fromDevice", "device", "selector", "service", "duration",
            "unit", "reason");
    /** The units of {@code duration}, with their seconds. */
    static final Map<String, Long> UNITS = units();
    /** What a new form holds. */
    static final Map<String, String> DEFAULTS = Map.of("service", "ssh", "duration", "1", "unit", "hours");

    private final Map<String, String> values;
    private final Map<String, ApiException> problems = new LinkedHashMap<>();
    private final ObjectNode body = Json.MAPPER.createObjectNode();

    private DashboardGrantForm(Map<String, String> values) {
        this.values = values;
    }

    /** An empty form (its defaults). */
    static DashboardGrantForm blank() {
        return new DashboardGrantForm(new LinkedHashMap<>(DEFAULTS));
    }

    /** The posted form, read into the API's body; its own problems recorded by field. */
    static DashboardGrantForm of(Map<String, String> posted) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : FIELDS) {
            values.put(field, posted.getOrDefault(field, "").strip());
        }
        DashboardGrantForm form = new DashboardGrantForm(values);
        form.read();
        return form;
    }

    private void read() {
        // the alternatives (one holder, one target) only when given; the rest always, so that blank is said as such
        for (String field : List.of("user", "fromDevice", "device")) {
            if (!values.get(field).isEmpty()) {
                body.put(field, values.get(field));
            }
        }
        body.put("service", values.get("service"));
        body.put("reason", values.get("reason"));
        // exactly one holder and one target, said in the form's words (the endpoint's own say so in JSON's)
        if (values.get("user").isEmpty() == values.get("fromDevice").isEmpty()) {
            problems.put("user", ApiException.badRequest(values.get("user").isEmpty()
                    ? "neither an operator nor a forwarding device given (expected: one of them)"
                    : "both an operator and a forwarding device given (expected: one of them: the operator, or for a"
                    + " device-to-device grant the device whose agent forwards)"));
        }
        if (values.get("device").isEmpty() == values.get("selector").isEmpty()) {
            problems.put("device", ApiException.badRequest(values.get("device").isEmpty()
                    ? "neither a device nor labels given (expected: one of them)"
                    : "both a device and labels given (expected: one of them: a device, or the labels of every"
                    + " device to grant)"));
        }
        String selector = values.get("selector");
        if (!selector.isEmpty()) {
            try {
                ObjectNode labels = body.putObject("selector");
                selector(selector).forEach(labels::put);
            } catch (ApiException e) {
                body.remove("selector");
                problems.put("selector", e);
            }
        }
        try {
            body.put("ttlSeconds", ttlSeconds(values.get("duration"), values.get("unit")));
        } catch (ApiException e) {
            problems.put("duration", e);
        }
    }

    /** {@code key=value} pairs separated by commas (as {@code warren admin grant create --device}) or line breaks. */
    static Map<String, String> selector(String text) {
        try {
            return Grant.selectorOf(text);
        } catch (Grant.SelectorSyntaxException e) {
            throw ApiException.badRequest(e.part() == null
                    ? "selector: no label (expected: labels such as site=plant-b, rack=r17)"
                    : "selector: '" + Redaction.redact(e.part()) + "' is not key=value (expected: labels such as"
                    + " site=plant-b, rack=r17)");
        }
    }

    static long ttlSeconds(String duration, String unit) {
        Long seconds = UNITS.get(unit);
        if (seconds == null) {
            throw ApiException.badRequest("unit: '" + Redaction.redact(unit) + "' (expected: minutes, hours or days)");
        }
        long max = GrantEndpoints.MAX_TTL / seconds;
        if (!duration.matches("[0-9]{1,6}") || Long.parseLong(duration) < 1 || Long.parseLong(duration) > max) {
            throw ApiException.badRequest("duration: '" + Redaction.redact(duration) + "' " + unit + " (expected: a"
                    + " whole number, 1.." + max + " " + unit + "; at most " + GrantEndpoints.MAX_TTL / 86_400
                    + " days)");
        }
        return Long.parseLong(duration) * seconds;
    }

    /**
     * Adds the problems the REST endpoint's checks find ({@link GrantEndpoints#problems}), each next to the field the
     * person typed it in; a field that already has the form's own problem keeps it.
     */
    void check(GrantEndpoints grants) {
        grants.problems(body).forEach((field, problem) -> {
            String shown = switch (field) {
                case "ttlSeconds" -> "duration";
                case "device" -> problems.containsKey("selector") ? "selector" : "device";
                default -> field;
            };
            problems.putIfAbsent(shown, problem);
        });
    }

    /** A refusal of the whole form (the endpoint's, after the checks passed: something changed meanwhile). */
    void refused(ApiException e) {
        problems.put(WHOLE, e);
    }

    /** The key of {@link #problems} under which a refusal of the whole form is. */
    static final String WHOLE = "form";

    ObjectNode body() {
        return body;
    }

    /** What the person typed (or the defaults), by field. */
    String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** The problems by field, in the page's order; empty when the grant may be created. */
    Map<String, ApiException> problems() {
        return problems;
    }

    /** The status of the page that shows the problems: the first one's (in the page's order). */
    HttpResponseStatus status() {
        return FIELDS.stream().map(problems::get).filter(java.util.Objects::nonNull).findFirst()
                .or(() -> problems.values().stream().findFirst()).map(ApiException::status)
                .orElse(HttpResponseStatus.OK);
    }

    /** The problem to show next to {@code field}, or {@code null}. */
    String problem(String field) {
        ApiException e = problems.get(field);
        return e == null ? null : e.getMessage();
    }

    private static Map<String, Long> units() {
        Map<String, Long> units = new LinkedHashMap<>();
        units.put("minutes", 60L);
        units.put("hours", 3_600L);
        units.put("days", 86_400L);
        return units;
    }
}
