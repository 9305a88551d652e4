package dev.warren.api.internal.endpoints;

import dev.warren.api.dashboard.Html;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Reply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;

/** The dashboard's live sessions ({@code GET /ui/sessions}) and an admin's cut. */
final class DashboardLiveSessions {
    private final DashboardRequests requests;
    private final SessionEndpoints sessions;

    DashboardLiveSessions(DashboardRequests requests, SessionEndpoints sessions) {
        this.requests = requests;
        this.sessions = sessions;
    }

    /** {@code GET /ui/sessions}: the live sessions the user may see; admins get a "cut" button on each. */
    Reply page(Call call) {
        return requests.signedInPage(call, who -> {
            List<Views.SessionView> open = sessions.open(who.principal(), SessionEndpoints.MAX_LIMIT);
            return DashboardRequests.page(HttpResponseStatus.OK, DashboardLiveSessionsHtml.sessions(who.principal(),
                    who.session(), open), null);
        });
    }

    /** {@code GET /ui/live/sessions}: the page's live part ({@link DashboardLiveSessionsHtml#live}). */
    Reply live(Call call) {
        return requests.signedInFragment(call, who -> {
            Html h = new Html();
            DashboardLiveSessionsHtml.live(h, who.principal(), who.session(), sessions.open(who.principal(),
                    SessionEndpoints.MAX_LIMIT));
            return DashboardRequests.fragment(h);
        });
    }

    /**
     * {@code POST /ui/sessions/{id}/cut}: same origin, CSRF token, admin only; then exactly what
     * {@code DELETE /api/v1/sessions/{id}} does (including its audit event and refusals).
     */
    Reply cut(Call call) {
        return requests.adminAction(call, "cut a session", who -> {
            sessions.cut(new Call(call.request(), Map.of("id", call.param("id")), who.principal()));
            return null;
        }, "/ui/sessions");
    }
}
