package dev.warren.api.internal.endpoints;

import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.Csv;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Json;
import dev.warren.api.internal.http.QueryParams;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dashboard's audit log ({@code GET /ui/audit}: filters, pages of the newest first) and its CSV export
 * ({@code GET /ui/audit.csv}, the same filters). Admins and auditors only, as {@code GET /api/v1/audit}; the filters
 * are parsed by the REST endpoint's own code ({@link AuditEndpoints#filter}).
 */
final class DashboardAudit {
    static final int PAGE = 100;
    static final int MAX_PAGE = 500;
    static final int MAX_EXPORT = AuditEndpoints.MAX_LIMIT;
    /** The filters a page shows in its form (and keeps in its links); {@code before} and {@code limit} page. */
    static final List<String> FORM = List.of("since", "until", "actor", "device", "action", "outcome");
    private static final Set<String> PARAMS = AuditEndpoints.with(AuditEndpoints.FILTERS, "limit");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final List<String> CSV_COLUMNS = List.of("seq", "time", "actor", "action", "target", "device_id",
            "device", "subject", "source", "outcome", "details");

    private final DashboardRequests requests;
    private final AuditEndpoints auditLog;
    private final AuditTrail audit;
    private final Clock clock;

    DashboardAudit(DashboardRequests requests, AuditEndpoints auditLog, AuditTrail audit, Clock clock) {
        this.requests = requests;
        this.auditLog = auditLog;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code GET /ui/audit?since=&until=&actor=&device=&action=&outcome=&before=&limit=}. */
    Reply page(Call call) {
        return requests.signedInPage(call, who -> {
            Principal p = who.principal();
            if (!Lookups.seesEverything(p)) {
                return refused(call, p);
            }
            Map<String, String> values = values(call);
            List<AuditEvent> events;
            int limit;
            try {
                QueryParams q = QueryParams.of(call.request(), PARAMS);
                limit = q.limit(PAGE, MAX_PAGE);
                events = auditLog.find(auditLog.filter(q, limit + 1));
            } catch (ApiException e) {
                DashboardRequests.logRefusal(call.request(), p, e);
                return DashboardRequests.page(e.status(), DashboardAuditHtml.page(p, who.session(), values,
                        e.getMessage(), List.of(), Map.of(), null), null);
            }
            String older = null;
            if (events.size() > limit) {
                events = events.subList(0, limit);
                older = "/ui/audit?" + query(values, "before", AuditEndpoints.cursorOf(events.getLast()), limit);
            }
            return DashboardRequests.page(HttpResponseStatus.OK, DashboardAuditHtml.page(p, who.session(), values,
                    null, events, auditLog.deviceNames(events.stream().map(AuditEvent::deviceId).toList()),
                    new DashboardAuditHtml.Links(older, call.request().query().containsKey("before")
                            ? "/ui/audit?" + query(values, null, null, limit) : null,
                            "/ui/audit.csv?" + query(values, null, null, PAGE))), null);
        });
    }

    /**
     * {@code GET /ui/audit.csv?<the same filters>}: the newest {@value #MAX_EXPORT} matching events as an RFC 4180
     * attachment (formula-looking fields neutralised by {@link Csv}); when more match, a {@code Link: <…>; rel="next"}
     * header names the next export. Each export is itself an audit event ({@code audit.export}).
     */
    Reply csv(Call call) {
        return requests.signedInPage(call, who -> {
            Principal p = who.principal();
            if (!Lookups.seesEverything(p)) {
                return refused(call, p);
            }
            QueryParams q = QueryParams.of(call.request(), PARAMS);
            AuditQuery query = auditLog.filter(q, MAX_EXPORT);
            List<AuditEvent> events = auditLog.find(query);
            Map<String, String> names = auditLog.deviceNames(events.stream().map(AuditEvent::deviceId).toList());
            Csv csv = new Csv().row(CSV_COLUMNS);
            for (AuditEvent e : events) {
                csv.row(Arrays.asList(Long.toString(e.seq()), e.at().toString(), e.actor(), e.action(), e.target(),
                        e.deviceId(), names.get(e.deviceId()), e.subject(), e.sourceAddress(), e.outcome(),
                        new String(Json.write(new TreeMap<>(e.details())), StandardCharsets.UTF_8)));
            }
            Map<String, String> values = values(call);
            audit.record(audit.event(p.name(), "audit.export").source(call.request().source())
                    .detail("rows", events.size()).detail("filter", Redaction.redact(query(values, null, null, 0))));
            Reply reply = DashboardRequests.reply(HttpResponseStatus.OK, csv.toString().getBytes(StandardCharsets.UTF_8),
                    "text/csv; charset=utf-8", null);
            Map<String, String> headers = new TreeMap<>(reply.headers());
            headers.put("Content-Disposition", "attachment; filename=\"warren-audit-"
                    + FILE_TIME.format(clock.instant()) + ".csv\"");
            if (events.size() == MAX_EXPORT) {
                headers.put("Link", "</ui/audit.csv?" + query(values, "before",
                        AuditEndpoints.cursorOf(events.getLast()), 0) + ">; rel=\"next\"");
            }
            return new Reply(reply.status(), reply.json(), headers);
        });
    }

    private static Reply refused(Call call, Principal p) {
        return DashboardRequests.refused(call.request(), p, HttpResponseStatus.FORBIDDEN, "role " + p.role()
                + " may not read the audit log (needs ADMIN or AUDITOR)");
    }

    /** {@code key=value} pairs in key order, one per line: what an event's details say. */
    static String details(Map<String, String> details) {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(details).forEach((k, v) -> lines.add(k + "=" + v));
        return String.join("\n", lines);
    }

    /** The form's values as given (first of each), to show them again. */
    private static Map<String, String> values(Call call) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String name : FORM) {
            List<String> given = call.request().query().get(name);
            values.put(name, given == null || given.isEmpty() ? "" : given.getFirst());
        }
        return values;
    }

    /** A query string of the non-empty filters, then {@code extra=value} and {@code limit} (0 or the default: none). */
    static String query(Map<String, String> values, String extra, String extraValue, int limit) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> {
            if (!v.isEmpty()) {
                parts.add(k + "=" + DashboardPages.urlSegment(v));
            }
        });
        if (limit != 0 && limit != PAGE) {
            parts.add("limit=" + limit);
        }
        if (extra != null) {
            parts.add(extra + "=" + DashboardPages.urlSegment(extraValue));
        }
        return String.join("&", parts);
    }
}
