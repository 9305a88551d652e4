package dev.warren.api.internal.endpoints;

import dev.warren.api.auth.Principal;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Reply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** The dashboard's enrollment tokens (admins only): list, create (shown once), revoke. */
final class DashboardEnrollTokens {
    private final DashboardRequests requests;
    private final EnrollTokenEndpoints enrollTokens;

    DashboardEnrollTokens(DashboardRequests requests, EnrollTokenEndpoints enrollTokens) {
        this.requests = requests;
        this.enrollTokens = enrollTokens;
    }

    /** {@code GET /ui/enroll-tokens}: admins only, as {@code GET /api/v1/enroll-tokens}. */
    Reply page(Call call) {
        return requests.signedInPage(call, who -> {
            Principal p = who.principal();
            if (!p.isAdmin()) {
                return DashboardRequests.refused(call.request(), p, HttpResponseStatus.FORBIDDEN, "role " + p.role()
                        + " may not see enrollment tokens (needs ADMIN)");
            }
            return DashboardRequests.page(HttpResponseStatus.OK, DashboardEnrollTokensHtml.enrollTokens(p,
                    who.session(), enrollTokens.all(), null), null);
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
                    who.principal(), who.session(), enrollTokens.all(), created), null);
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
