package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.Device;
import dev.warren.store.Role;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grants page's create form through the API's real HTTP stack: every selector the REST API takes (an operator or,
 * device to device, a device's forwarders; a device or a label selector; a service or {@code *}), a duration in
 * minutes, hours or days, a reason; a refused form comes back filled in as typed with each problem next to its field.
 */
class DashboardGrantFormTest extends DashboardTestBase {
    private String cookie;
    private String csrf;

    private HttpResponse<String> create(String fields) {
        if (cookie == null) {
            cookie = signIn(adminToken);
            csrf = csrf(get("/ui/grants", cookie).body());
        }
        return postSameOrigin("/ui/grants", cookie, "csrf=" + csrf + "&" + fields);
    }

    private JsonNode newest(String query) {
        return http.get("/api/v1/grants?" + query + "&active=true", adminToken).json().get(0);
    }

    @Test
    void anAdminGrantsEveryDeviceWithTheLabelsOfASelector() {
        Account operator = account(Role.OPERATOR);
        Device north = newDevice("sel", Map.of("site", "north", "rack", "r1"));
        HttpResponse<String> created = create("user=" + operator.name() + "&selector=" + encode("site=north, rack=r1")
                + "&service=" + encode("*") + "&duration=2&unit=hours&reason=" + encode("audit walk"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        JsonNode g = newest("user=" + operator.name());
        assertThat(g.get("selector").properties()).hasSize(2);
        assertThat(g.get("selector").get("site").asText()).isEqualTo("north");
        assertThat(g.get("service").asText()).isEqualTo("*");
        assertThat(http.get("/api/v1/grants?device=" + north.name() + "&active=true", adminToken).json()).hasSize(1);
        String page = get("/ui/grants", cookie).body();
        assertThat(page).contains("data-grant-id=\"" + g.get("id").asText() + "\"").contains(">rack=r1, site=north<");
    }

    @Test
    void anAdminGrantsADevicesForwardersAServiceOfAnotherDeviceForDays() {
        Device from = newDevice("fwd", Map.of());
        Device to = newDevice("db", Map.of());
        HttpResponse<String> created = create("fromDevice=" + from.name() + "&device=" + to.name()
                + "&service=postgres&duration=30&unit=days&reason=replication");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        JsonNode g = newest("fromDevice=" + from.name());
        assertThat(g.get("deviceName").asText()).isEqualTo(to.name());
        assertThat(g.path("user").isTextual()).isFalse();
        assertThat(java.time.Duration.between(java.time.Instant.now(), java.time.Instant.parse(g.get("expiresAt")
                .asText())).toDays()).isBetween(29L, 30L);
        assertThat(get("/ui/grants", cookie).body()).contains(">device:" + from.name() + "<");
        assertThat(audit("grant.create", to.id()).get(0).subject()).isEqualTo("device:" + from.name());
    }

    @Test
    void aRefusedFormComesBackAsTypedWithEachProblemNextToItsField() {
        Device d = newDevice("both", Map.of("site", "x"));
        HttpResponse<String> refused = create("device=" + d.name() + "&selector=site%3Dx&service=" + encode("no way")
                + "&duration=0&unit=minutes&reason=" + encode("  "));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertHtmlPage(refused);
        String page = refused.body();
        assertThat(page).contains("id=\"grant-form-problem\"").contains("5 fields need a change")
                .contains("id=\"user-problem\">neither an operator nor a forwarding device given")
                .contains("id=\"device-problem\">both a device and labels given")
                .contains("id=\"service-problem\">service: &#39;no way&#39;")
                .contains("id=\"duration-problem\">duration: &#39;0&#39; minutes")
                .contains("id=\"reason-problem\">reason: blank");
        assertThat(page).as("what was typed is kept").contains("name=\"device\" value=\"" + d.name() + "\"")
                .contains("name=\"selector\" value=\"site=x\"").contains("name=\"service\" value=\"no way\"")
                .contains("<option value=\"minutes\" selected=\"selected\">");
        assertThat(page).contains("aria-invalid=\"true\" aria-describedby=\"device-note device-problem\"");
        assertThat(http.get("/api/v1/grants?device=" + d.name(), adminToken).json()).isEmpty();
    }

    @Test
    void theEndpointsOwnRefusalsAreShownNextToTheFieldTheyAreAbout() {
        Account admin = account(Role.ADMIN);
        Device d = newDevice("refused", Map.of());
        HttpResponse<String> notAnOperator = create("user=" + admin.name() + "&device=" + d.name()
                + "&service=ssh&duration=1&unit=hours&reason=x");
        assertThat(notAnOperator.statusCode()).isEqualTo(409);
        assertThat(notAnOperator.body()).contains("id=\"user-problem\">user &#39;" + admin.name() + "&#39; has role ADMIN");

        HttpResponse<String> unknownHolder = create("fromDevice=nowhere-42&device=" + d.name()
                + "&service=ssh&duration=1&unit=hours&reason=x");
        assertThat(unknownHolder.statusCode()).isEqualTo(404);
        assertThat(unknownHolder.body()).contains("id=\"from-device-problem\">no device &#39;nowhere-42&#39;")
                .doesNotContain("id=\"device-problem\"");

        Account operator = account(Role.OPERATOR);
        HttpResponse<String> badSelector = create("user=" + operator.name() + "&selector=" + encode("site, rack=1")
                + "&service=ssh&duration=1&unit=hours&reason=x");
        assertThat(badSelector.statusCode()).isEqualTo(400);
        assertThat(badSelector.body()).contains("id=\"selector-problem\">selector: &#39;site&#39; is not key=value")
                .doesNotContain("id=\"device-problem\"").doesNotContain("id=\"user-problem\"");

        HttpResponse<String> tooLong = create("user=" + operator.name() + "&device=" + d.name()
                + "&service=ssh&duration=91&unit=days&reason=x");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("id=\"duration-problem\">duration: &#39;91&#39; days (expected: a whole"
                + " number, 1..90 days");
        HttpResponse<String> badUnit = create("user=" + operator.name() + "&device=" + d.name()
                + "&service=ssh&duration=1&unit=weeks&reason=x");
        assertThat(badUnit.statusCode()).isEqualTo(400);
        assertThat(badUnit.body()).contains("id=\"duration-problem\">unit: &#39;weeks&#39;");

        HttpResponse<String> hostile = create("user=" + encode("<script>x</script>") + "&device=" + d.name()
                + "&service=ssh&duration=1&unit=hours&reason=" + encode("\"><b>"));
        assertThat(hostile.statusCode()).isEqualTo(404);
        assertThat(hostile.body()).contains("value=\"&lt;script&gt;x&lt;/script&gt;\"")
                .contains("value=\"&quot;&gt;&lt;b&gt;\"").doesNotContain("<script>x");
        assertThat(http.get("/api/v1/grants?device=" + d.name(), adminToken).json()).isEmpty();
    }

    @Test
    void theFormOffersEverySelectorToAdminsOnly() {
        Account operator = account(Role.OPERATOR);
        Account auditor = account(Role.AUDITOR);
        Device d = newDevice("suggested", Map.of());
        String page = get("/ui/grants", signIn(adminToken)).body();
        assertThat(page).contains("name=\"user\" value=\"\" maxlength=\"255\" autocomplete=\"off\"")
                .contains("list=\"grant-operators\"").contains("list=\"grant-devices\"")
                .contains("<option value=\"" + operator.name() + "\"></option>")
                .contains("<option value=\"" + d.name() + "\"></option>")
                .doesNotContain("<option value=\"" + auditor.name() + "\">");
        for (String field : new String[] {"user", "fromDevice", "device", "selector", "service", "duration", "unit",
            "reason"}) {
            assertThat(page).as(field).contains("name=\"" + field + "\"");
        }
        assertThat(page).contains("<option value=\"hours\" selected=\"selected\">").contains("value=\"ssh\"");
        String auditors = get("/ui/grants", signIn(auditor.token())).body();
        assertThat(auditors).doesNotContain("name=\"fromDevice\"").doesNotContain("action=\"/ui/grants\"")
                .doesNotContain("<datalist").doesNotContain(d.name());
    }
}
