package dev.warren.api.internal.endpoints;

import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Json;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;

/** The dashboard's live grants ({@code GET /ui/grants}), an admin's create and revoke. */
final class DashboardGrants {
    private final DashboardRequests requests;
    private final GrantEndpoints grants;

    DashboardGrants(DashboardRequests requests, GrantEndpoints grants) {
        this.requests = requests;
        this.grants = grants;
    }

    /** {@code GET /ui/grants}: the live grants the user may see; admins get the create form and revoke buttons. */
    Reply page(Call call) {
        return requests.signedInPage(call, who -> {
            List<Views.GrantView> live = grants.live(who.principal(), GrantEndpoints.MAX_LIMIT);
            return DashboardRequests.page(HttpResponseStatus.OK, DashboardGrantsHtml.grants(who.principal(),
                    who.session(), live), null);
        });
    }

    /**
     * {@code POST /ui/grants} (form: user, device, service, minutes, reason): exactly {@code POST /api/v1/grants}
     * with {@code ttlSeconds} = minutes × 60, its checks, refusals and audit event.
     */
    Reply create(Call call) {
        Map<String, String> form = DashboardRequests.form(call.request());
        return requests.adminAction(call, "create a grant", who -> {
            var body = Json.MAPPER.createObjectNode();
            for (String field : List.of("user", "device", "service", "reason")) {
                String value = form.get(field);
                if (value != null && !value.isBlank()) {
                    body.put(field, value.strip());
                }
            }
            String minutes = form.getOrDefault("minutes", "").strip();
            if (!minutes.matches("[0-9]{1,6}")) {
                throw ApiException.badRequest("minutes: '" + Redaction.redact(minutes)
                        + "' (expected: a whole number of minutes, 1.." + GrantEndpoints.MAX_TTL / 60 + ")");
            }
            body.put("ttlSeconds", Long.parseLong(minutes) * 60);
            grants.create(DashboardRequests.asApi(call, body, Map.of(), who.principal()));
            return null;
        }, "/ui/grants");
    }

    /** {@code POST /ui/grants/{id}/revoke}: exactly {@code DELETE /api/v1/grants/{id}}, admin only. */
    Reply revoke(Call call) {
        return requests.adminAction(call, "revoke a grant", who -> {
            grants.revoke(new Call(call.request(), Map.of("id", call.param("id")), who.principal()));
            return null;
        }, "/ui/grants");
    }
}
