package dev.warren.api.internal.endpoints;

import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.Csv;
import dev.warren.api.dashboard.Html;
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
    /** The export's parameter that leaves the UTF-8 byte-order mark out ({@code bom=false}: for scripts). */
    static final String BOM = "bom";
    /**
     * UTF-8's byte-order mark, first in every export unless {@code bom=false}: without it, spreadsheet programs that
     * open a double-clicked CSV file (Excel, among others) read it in the system's legacy code page and garble
     * every character outside ASCII.
     */
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Set<String> CSV_PARAMS = AuditEndpoints.with(AuditEndpoints.FILTERS, "limit", BOM);
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
        return requests.readersPage(call, "read the audit log", who -> {
            Principal p = who.principal();
            Map<String, String> values = values(call);
            Found found;
            try {
                found = find(call, values);
            } catch (ApiException e) {
                DashboardRequests.logRefusal(call.request(), p, e);
                return DashboardRequests.page(e.status(), DashboardAuditHtml.page(p, who.session(), values,
                        e.getMessage(), List.of(), Map.of(), null), null);
            }
            return DashboardRequests.page(HttpResponseStatus.OK, DashboardAuditHtml.page(p, who.session(), values,
                    null, found.events(), found.deviceNames(), found.links()), null);
        });
    }

    /**
     * {@code GET /ui/live/audit?<the same filters and limit>}: the first page's live part
     * ({@link DashboardAuditHtml#live}): new events come in at the top. Pages of older events do not change.
     */
    Reply live(Call call) {
        return requests.readersFragment(call, "read the audit log", who -> {
            Found found = find(call, values(call));
            Html h = new Html();
            DashboardAuditHtml.live(h, null, found.events(), found.deviceNames(), found.links());
            return DashboardRequests.fragment(h);
        });
    }

    /** One page of events and where its links go. */
    private record Found(List<AuditEvent> events, Map<String, String> deviceNames, DashboardAuditHtml.Links links) {}

    /** The page of events the filters ask for; 400 (404: an unknown device) for a bad filter. */
    private Found find(Call call, Map<String, String> values) {
        QueryParams q = QueryParams.of(call.request(), PARAMS);
        int limit = q.limit(PAGE, MAX_PAGE);
        List<AuditEvent> events = auditLog.find(auditLog.filter(q, limit + 1));
        String older = null;
        if (events.size() > limit) {
            events = events.subList(0, limit);
            older = "/ui/audit?" + query(values, "before", AuditEndpoints.cursorOf(events.getLast()), limit);
        }
        boolean first = !call.request().query().containsKey("before");
        return new Found(events, auditLog.deviceNames(events.stream().map(AuditEvent::deviceId).toList()),
                new DashboardAuditHtml.Links(older, first ? null : "/ui/audit?" + query(values, null, null, limit),
                        "/ui/audit.csv?" + query(values, null, null, PAGE),
                        first ? "/ui/live/audit?" + query(values, null, null, limit) : null));
    }

    /**
     * {@code GET /ui/audit.csv?<the same filters>}: the newest {@value #MAX_EXPORT} matching events as an RFC 4180
     * attachment (formula-looking fields neutralised by {@link Csv}); when more match, a {@code Link: <…>; rel="next"}
     * header names the next export. The file starts with UTF-8's byte-order mark unless {@code bom=false}. Each export
     * is itself an audit event ({@code audit.export}).
     */
    Reply csv(Call call) {
        return requests.readersPage(call, "read the audit log", who -> {
            Principal p = who.principal();
            QueryParams q = QueryParams.of(call.request(), CSV_PARAMS);
            boolean bom = q.bool(BOM, true);
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
            byte[] text = csv.toString().getBytes(StandardCharsets.UTF_8);
            byte[] body = bom ? concat(UTF8_BOM, text) : text;
            Reply reply = DashboardRequests.reply(HttpResponseStatus.OK, body, "text/csv; charset=utf-8", null);
            Map<String, String> headers = new TreeMap<>(reply.headers());
            headers.put("Content-Disposition", "attachment; filename=\"warren-audit-"
                    + FILE_TIME.format(clock.instant()) + ".csv\"");
            if (events.size() == MAX_EXPORT) {
                headers.put("Link", "</ui/audit.csv?" + query(values, "before",
                        AuditEndpoints.cursorOf(events.getLast()), 0) + (bom ? "" : "&" + BOM + "=false")
                        + ">; rel=\"next\"");
            }
            return new Reply(reply.status(), reply.json(), headers);
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
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
