package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.AuditEvent;
import dev.warren.store.Device;
import dev.warren.store.Role;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's audit log ({@code /ui/audit}) and its CSV export ({@code /ui/audit.csv}) through the API's real
 * HTTP stack: filters, newest first, stable paging, refusals shown in the page, RFC 4180 with formula-looking fields
 * neutralised, and the same visibility as {@code GET /api/v1/audit} (admins and auditors; operators 403).
 */
class DashboardAuditPageTest extends DashboardTestBase {
    private static final Pattern SEQ = Pattern.compile("data-seq=\"(\\d+)\"");

    private String actor;
    private Device device;
    private final List<Long> seqs = new ArrayList<>();
    private Instant t;

    @BeforeEach
    void events() {
        actor = unique("auditee");
        device = newDevice("audev", Map.of());
        t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS).minusSeconds(600);
        seqs.add(store.audit().append(AuditEvent.of(t, actor, "session.open", "s_1", "10.0.0.1", "ok", Map.of(),
                device.id(), null)));
        seqs.add(store.audit().append(AuditEvent.of(t.plusSeconds(60), actor, "session.open", "s_2", "10.0.0.1",
                "refused", Map.of("reason", "no grant"), device.id(), null)));
        seqs.add(store.audit().append(AuditEvent.of(t.plusSeconds(120), actor, "grant.create", "=cmd|' /C calc'!A0",
                null, "ok", Map.of("reason", "<script>x</script>, \"quoted\"", "formula", "+1+1"), null, "olga")));
        seqs.add(store.audit().append(AuditEvent.of(t.plusSeconds(180), actor, "session.cut", "s_1", "@10.0.0.2",
                "ok", Map.of(), device.id(), null)));
    }

    private static List<Long> rows(String page) {
        List<Long> out = new ArrayList<>();
        Matcher m = SEQ.matcher(page);
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    @Test
    void theFiltersFindTheEventsNewestFirstAndShowThemEscaped() {
        String cookie = signIn(adminToken);
        HttpResponse<String> all = get("/ui/audit?actor=" + actor, cookie);
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertHtmlPage(all);
        assertThat(rows(all.body())).containsExactly(seqs.get(3), seqs.get(2), seqs.get(1), seqs.get(0));
        assertThat(all.body()).contains("value=\"" + actor + "\"")
                .contains("&lt;script&gt;x&lt;/script&gt;").doesNotContain("<script>x")
                .contains("<a href=\"/ui/devices/" + device.name() + "\" title=\"" + device.id() + "\">")
                .contains("id=\"audit-csv\"").contains("href=\"/ui/audit.csv?actor=" + actor + "\"")
                .contains("id=\"audit-csv-plain\"")
                .contains("href=\"/ui/audit.csv?actor=" + actor + "&amp;bom=false\"");

        assertThat(rows(get("/ui/audit?actor=" + actor + "&action=session.*", cookie).body()))
                .containsExactly(seqs.get(3), seqs.get(1), seqs.get(0));
        assertThat(rows(get("/ui/audit?actor=" + actor + "&outcome=refused", cookie).body()))
                .containsExactly(seqs.get(1));
        assertThat(rows(get("/ui/audit?actor=" + actor + "&device=" + device.name(), cookie).body()))
                .containsExactly(seqs.get(3), seqs.get(1), seqs.get(0));
        assertThat(rows(get("/ui/audit?actor=" + actor + "&since=" + t.plusSeconds(60) + "&until="
                + t.plusSeconds(180), cookie).body())).as("since inclusive, until exclusive")
                .containsExactly(seqs.get(2), seqs.get(1));
        HttpResponse<String> blank = get("/ui/audit?since=&until=&actor=" + actor + "&device=&action=&outcome=",
                cookie);
        assertThat(rows(blank.body())).as("empty form fields filter nothing").hasSize(4);
        assertThat(blank.body()).contains("<option value=\"\" selected=\"selected\">any</option>");
    }

    @Test
    void pagesFollowEachOtherNewestFirst() {
        String cookie = signIn(tokenFor(Role.AUDITOR));
        String first = get("/ui/audit?actor=" + actor + "&limit=3", cookie).body();
        assertThat(rows(first)).containsExactly(seqs.get(3), seqs.get(2), seqs.get(1));
        Matcher older = Pattern.compile("href=\"([^\"]+)\" rel=\"next\" id=\"audit-older\"").matcher(first);
        assertThat(older.find()).isTrue();
        String next = get(older.group(1).replace("&amp;", "&"), cookie).body();
        assertThat(rows(next)).containsExactly(seqs.get(0));
        assertThat(next).contains("id=\"audit-newest\"").doesNotContain("id=\"audit-older\"");
    }

    @Test
    void aBadFilterIsShownInThePageWithTheFormKept() {
        String cookie = signIn(adminToken);
        HttpResponse<String> bad = get("/ui/audit?action=" + encode("DROP <TABLE>"), cookie);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertHtmlPage(bad);
        assertThat(bad.body()).contains("role=\"alert\">action: &#39;DROP &lt;TABLE&gt;&#39;")
                .contains("value=\"DROP &lt;TABLE&gt;\"").contains("id=\"audit-filter\"");
        HttpResponse<String> unknown = get("/ui/audit?device=no-such-device", cookie);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no device &#39;no-such-device&#39;");
        assertThat(get("/ui/audit?since=yesterday", cookie).statusCode()).isEqualTo(400);
        assertThat(get("/ui/audit?before=junk", cookie).statusCode()).isEqualTo(400);
        assertThat(get("/ui/audit?limit=0", cookie).statusCode()).isEqualTo(400);
    }

    @Test
    void theCsvExportHasTheSameFiltersQuotesAsRfc4180AndNeutralisesFormulas() {
        String cookie = signIn(tokenFor(Role.AUDITOR));
        HttpResponse<String> csv = get("/ui/audit.csv?actor=" + actor + "&action=" + encode("grant.*"), cookie);
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .matches("attachment; filename=\"warren-audit-\\d{8}T\\d{6}Z\\.csv\"");
        assertThat(csv.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(csv.headers().firstValue("Link")).isEmpty();
        assertSecurityHeaders(csv);
        assertThat(csv.body()).as("UTF-8's byte-order mark first, for spreadsheets").startsWith("\uFEFFseq,");
        String[] lines = csv.body().substring(1).split("\r\n", -1);
        assertThat(lines[0]).isEqualTo("seq,time,actor,action,target,device_id,device,subject,source,outcome,details");
        assertThat(lines).hasSize(3).endsWith("");
        assertThat(lines[1]).startsWith(seqs.get(2) + "," + t.plusSeconds(120) + "," + actor + ",grant.create,")
                .contains(",'=cmd|' /C calc'!A0,,,olga,,ok,")
                .endsWith(",\"{\"\"formula\"\":\"\"+1+1\"\",\"\"reason\"\":\"\"<script>x</script>, \\\"\"quoted\\\"\"\"\"}\"");

        String sessions = get("/ui/audit.csv?actor=" + actor + "&action=session.cut", cookie).body();
        assertThat(sessions.split("\r\n")[1]).contains(",'@10.0.0.2,").contains("," + device.name() + ",");
        HttpResponse<String> plain = get("/ui/audit.csv?actor=" + actor + "&action=session.cut&bom=false", cookie);
        assertThat(plain.body()).as("for scripts: no byte-order mark").startsWith("seq,")
                .isEqualTo(sessions.substring(1));
        HttpResponse<String> badBom = get("/ui/audit.csv?bom=no", cookie);
        assertThat(badBom.statusCode()).isEqualTo(400);
        assertHtmlPage(badBom);
        assertThat(badBom.body()).contains("bom: &#39;no&#39; (expected: true or false)");

        JsonNode exports = http.get("/api/v1/audit?action=audit.export&limit=5", adminToken).json();
        assertThat(exports.get(0).get("details").get("rows").asText()).isEqualTo("1");
        assertThat(exports.get(0).get("details").get("filter").asText()).isEqualTo("actor=" + actor
                + "&action=session.cut");
    }

    @Test
    void operatorsCannotReadTheAuditLogAndAnonymousUsersAreSentToSignIn() {
        String cookie = signIn(tokenFor(Role.OPERATOR));
        assertThat(get("/ui/devices", cookie).body()).doesNotContain("href=\"/ui/audit\"");
        HttpResponse<String> page = get("/ui/audit", cookie);
        assertThat(page.statusCode()).isEqualTo(403);
        assertHtmlPage(page);
        assertThat(page.body()).contains("role OPERATOR may not read the audit log (needs ADMIN or AUDITOR)");
        HttpResponse<String> csv = get("/ui/audit.csv", cookie);
        assertThat(csv.statusCode()).isEqualTo(403);
        assertThat(csv.headers().firstValue("Content-Disposition")).isEmpty();
        assertThat(get("/ui/audit.csv", null).statusCode()).isEqualTo(303);
        assertThat(get("/ui/devices", signIn(tokenFor(Role.AUDITOR))).body()).contains("href=\"/ui/audit\"");
    }

    @Test
    void theRestApiTakesTheSameFilters() {
        JsonNode refused = http.get("/api/v1/audit?actor=" + actor + "&outcome=refused&action=session.*", adminToken)
                .json();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).get("seq").asLong()).isEqualTo(seqs.get(1));
        JsonNode page1 = http.get("/api/v1/audit?actor=" + actor + "&limit=2", adminToken).json();
        String cursor = page1.get(1).get("at").asText() + "," + page1.get(1).get("seq").asText();
        JsonNode page2 = http.get("/api/v1/audit?actor=" + actor + "&limit=2&before=" + encode(cursor), adminToken)
                .json();
        assertThat(page2.findValuesAsText("seq")).containsExactly(seqs.get(1).toString(), seqs.get(0).toString());
        assertThat(http.get("/api/v1/audit?before=1,2", adminToken).status()).isEqualTo(400);
        assertThat(http.get("/api/v1/audit?outcome=NOT+OK", adminToken).status()).isEqualTo(400);
    }
}
