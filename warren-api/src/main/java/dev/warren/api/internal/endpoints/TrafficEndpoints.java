package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.QueryParams;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.Device;
import dev.warren.store.Grant;
import dev.warren.store.Traffic;
import dev.warren.store.TrafficPoint;
import dev.warren.store.TrafficQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code GET /traffic?device=&service=&from=&to=&step=&group=}: bytes each way and sessions opened over time, as dense
 * series (every step present, zeros included) ready to chart. Admins and auditors see every device; an operator the
 * devices their live grants cover (naming another is the same 404 as naming one that does not exist).
 */
final class TrafficEndpoints {
    private static final Set<String> PARAMS = Set.of("device", "service", "from", "to", "step", "group");
    private static final Pattern STEP = Pattern.compile("(\\d{1,7})([smhd]?)");
    private static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    private final ApiContext context;
    private final Lookups lookups;

    TrafficEndpoints(ApiContext context, Lookups lookups) {
        this.context = context;
        this.lookups = lookups;
    }

    Reply query(Call call) {
        QueryParams q = QueryParams.of(call.request(), PARAMS);
        Instant now = context.clock().instant();
        Instant to = Optional.ofNullable(q.since("to", context.clock())).orElse(now);
        Instant from = Optional.ofNullable(q.since("from", context.clock())).orElse(to.minus(DEFAULT_RANGE));
        if (!to.isAfter(from)) {
            throw ApiException.badRequest("from, to: " + from + ", " + to + " (expected: from before to)");
        }
        int step = step(q.text("step"), Duration.between(from, to));
        return Reply.ok(view(call, q.text("device"), q.text("service"), from, to, step, grouping(q.text("group"))));
    }

    /**
     * The dense series of {@code GET /traffic} for the caller of {@code call} (who sees what the REST API lets them
     * see); also the dashboard's device chart.
     */
    Views.TrafficView view(Call call, String device, String service, Instant from, Instant to, int step,
            TrafficQuery.Grouping grouping) {
        if (service != null && !DeviceEndpoints.SERVICE.matcher(service).matches()) {
            throw ApiException.badRequest("service: '" + Redaction.redact(service)
                    + "' (expected: lowercase letters, digits, '.', '_' or '-', 1..63)");
        }
        Instant alignedFrom = Instant.ofEpochSecond(Traffic.floor(from.getEpochSecond(), step));
        TrafficQuery query;
        try {
            query = new TrafficQuery(alignedFrom, to, step, devices(call, device), service, grouping);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        List<TrafficPoint> points = context.store().traffic().query(query);
        return new Views.TrafficView(alignedFrom, to, step, grouping.name().toLowerCase(Locale.ROOT),
                series(points, query));
    }

    /** The devices the answer may cover: {@code null} for all (admins, auditors without a filter). */
    private Set<String> devices(Call call, String device) {
        boolean all = Lookups.seesEverything(call.principal());
        if (device != null) {
            if (all) {
                Optional<Device> found = lookups.anyDevice(device);
                if (found.isPresent()) {
                    return Set.of(found.get().id());
                }
                if (Lookups.DEVICE_ID.matcher(device).matches()) {
                    return Set.of(device); // a deleted device's history
                }
                throw Lookups.noDevice(device);
            }
            return Set.of(lookups.device(call, device).id());
        }
        if (all) {
            return null;
        }
        List<Grant> grants = lookups.liveGrants(call.principal());
        return context.store().devices().list().stream().filter(d -> Lookups.visible(call.principal(), d, grants))
                .map(Device::id).collect(Collectors.toSet());
    }

    /** One dense series per key; a TOTAL query always has its one series, even without traffic. */
    private static List<Views.TrafficSeries> series(List<TrafficPoint> points, TrafficQuery q) {
        Map<List<String>, List<TrafficPoint>> byKey = new LinkedHashMap<>();
        for (TrafficPoint p : points) {
            byKey.computeIfAbsent(java.util.Arrays.asList(p.deviceId(), p.service()), k -> new ArrayList<>()).add(p);
        }
        if (byKey.isEmpty() && q.grouping() == TrafficQuery.Grouping.TOTAL) {
            byKey.put(java.util.Arrays.asList(null, null), List.of());
        }
        List<Views.TrafficSeries> out = new ArrayList<>();
        byKey.forEach((key, list) -> out.add(dense(key.get(0), key.get(1), list, q)));
        out.sort(java.util.Comparator.comparing((Views.TrafficSeries s) -> s.device() == null ? "" : s.device())
                .thenComparing(s -> s.service() == null ? "" : s.service()));
        return out;
    }

    private static Views.TrafficSeries dense(String deviceId, String service, List<TrafficPoint> points,
            TrafficQuery q) {
        Map<Long, TrafficPoint> at = new java.util.HashMap<>();
        String name = null;
        for (TrafficPoint p : points) {
            at.put(p.at().getEpochSecond(), p);
            name = p.deviceName();
        }
        List<Views.TrafficStep> steps = new ArrayList<>();
        long to = 0;
        long from = 0;
        long sessions = 0;
        for (long t = q.from().getEpochSecond(); t < q.to().getEpochSecond(); t += q.stepSeconds()) {
            TrafficPoint p = at.get(t);
            Views.TrafficStep s = p == null ? new Views.TrafficStep(Instant.ofEpochSecond(t), 0, 0, 0)
                    : new Views.TrafficStep(p.at(), p.bytesToDevice(), p.bytesFromDevice(), p.sessions());
            to += s.bytesToDevice();
            from += s.bytesFromDevice();
            sessions += s.sessions();
            steps.add(s);
        }
        return new Views.TrafficSeries(deviceId, name, service, new Views.TrafficTotals(to, from, sessions), steps);
    }

    /** {@code 60}, {@code 5m}, {@code 1h}, {@code 1d}; by default about 300 steps or fewer over the range. */
    static int step(String text, Duration range) {
        if (text == null) {
            long seconds = range.getSeconds();
            for (int candidate : new int[] {60, 300, 900, 3600, 6 * 3600, 86_400}) {
                if (seconds / candidate <= 300) {
                    return candidate;
                }
            }
            return 7 * 86_400;
        }
        Matcher m = STEP.matcher(text);
        long seconds = -1;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            seconds = switch (m.group(2)) {
                case "m" -> n * 60;
                case "h" -> n * 3600;
                case "d" -> n * 86_400;
                default -> n;
            };
        }
        if (seconds < 60 || seconds % 60 != 0 || seconds > TrafficQuery.MAX_STEP_SECONDS) {
            throw ApiException.badRequest("step: '" + Redaction.redact(text) + "' (expected: a multiple of a minute"
                    + " such as 60, 5m, 1h or 1d, at most 31d)");
        }
        return (int) seconds;
    }

    private static TrafficQuery.Grouping grouping(String text) {
        if (text == null) {
            return TrafficQuery.Grouping.TOTAL;
        }
        return switch (text) {
            case "total" -> TrafficQuery.Grouping.TOTAL;
            case "device" -> TrafficQuery.Grouping.DEVICE;
            case "service" -> TrafficQuery.Grouping.SERVICE;
            default -> throw ApiException.badRequest("group: '" + Redaction.redact(text)
                    + "' (expected: total, device or service)");
        };
    }
}
