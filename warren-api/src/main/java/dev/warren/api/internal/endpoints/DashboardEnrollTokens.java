package dev.warren.api.internal.endpoints;

import dev.warren.api.dashboard.Html;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Reply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.util.Map;

/** The dashboard's enrollment tokens (admins only): list, create (shown once), revoke. */
final class DashboardEnrollTokens {
    private final DashboardRequests requests;
    private final EnrollTokenEndpoints enrollTokens;
    private final Clock clock;

    DashboardEnrollTokens(DashboardRequests requests, EnrollTokenEndpoints enrollTokens, Clock clock) {
        this.requests = requests;
        this.enrollTokens = enrollTokens;
        this.clock = clock;
    }

    /** {@code GET /ui/enroll-tokens}: admins only, as {@code GET /api/v1/enroll-tokens}. */
    Reply page(Call call) {
        return requests.adminPage(call, "see enrollment tokens", who -> DashboardRequests.page(
                HttpResponseStatus.OK, DashboardEnrollTokensHtml.enrollTokens(who.principal(), who.session(),
                        enrollTokens.all(), null, clock.instant()), null));
    }

    /** {@code GET /ui/live/enroll-tokens}: the page's live part ({@link DashboardEnrollTokensHtml#live}), admins only. */
    Reply live(Call call) {
        return requests.adminFragment(call, "see enrollment tokens", who -> {
            Html h = new Html();
            DashboardEnrollTokensHtml.live(h, who.session(), enrollTokens.all(), clock.instant());
            return DashboardRequests.fragment(h);
        });
    }

    /**
     * {@code POST /ui/enroll-tokens} (form: hours, uses, description): exactly {@code POST /api/v1/enroll-tokens};
     * the answer is the page itself, showing the new token once (never cached: {@code no-store}).
     */
    Reply create(Call call) {
        Map<String, String> form = DashboardRequests.form(call.request());
        return requests.adminAction(call, "create an enrollment token", who -> {
            int hours = DashboardRequests.number(form, "hours", 1, EnrollTokenEndpoints.MAX_TTL_SECONDS / 3600);
            int uses = DashboardRequests.number(form, "uses", 1, EnrollTokenEndpoints.MAX_USES);
            Views.CreatedEnrollToken created = enrollTokens.issue(new Call(call.request(), Map.of(),
                    who.principal()), hours * 3600, uses, form.get("description"));
            return DashboardRequests.page(HttpResponseStatus.OK, DashboardEnrollTokensHtml.enrollTokens(
                    who.principal(), who.session(), enrollTokens.all(), created, clock.instant()), null);
        }, "/ui/enroll-tokens");
    }

    /** {@code POST /ui/enroll-tokens/{id}/revoke}: exactly {@code DELETE /api/v1/enroll-tokens/{id}}, admin only. */
    Reply revoke(Call call) {
        return requests.adminAction(call, "revoke an enrollment token", who -> {
            enrollTokens.revoke(new Call(call.request(), Map.of("id", call.param("id")), who.principal()));
            return null;
        }, "/ui/enroll-tokens");
    }
}
