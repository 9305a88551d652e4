package dev.warren.api.internal.endpoints;

import dev.warren.api.dashboard.Html;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.Role;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;

/** The dashboard's live grants ({@code GET /ui/grants}, its live part), an admin's create and revoke. */
final class DashboardGrants {
    /** At most this many names are suggested in each of the form's lists. */
    static final int MAX_SUGGESTIONS = 500;

    private final DashboardRequests requests;
    private final GrantEndpoints grants;
    private final UserEndpoints users;
    private final DeviceEndpoints devices;

    DashboardGrants(DashboardRequests requests, GrantEndpoints grants, UserEndpoints users, DeviceEndpoints devices) {
        this.requests = requests;
        this.grants = grants;
        this.users = users;
        this.devices = devices;
    }

    /** {@code GET /ui/grants}: the live grants the user may see; admins get the create form and revoke buttons. */
    Reply page(Call call) {
        return requests.signedInPage(call, who -> page(who, DashboardGrantForm.blank(), HttpResponseStatus.OK));
    }

    /** {@code GET /ui/live/grants}: the page's live part ({@link DashboardGrantsHtml#live}). */
    Reply live(Call call) {
        return requests.signedInFragment(call, who -> {
            Html h = new Html();
            DashboardGrantsHtml.live(h, who.principal(), who.session(), grants.live(who.principal(),
                    GrantEndpoints.MAX_LIMIT));
            return DashboardRequests.fragment(h);
        });
    }

    /**
     * {@code POST /ui/grants} (form: {@link DashboardGrantForm}): exactly {@code POST /api/v1/grants}, its checks,
     * refusals and audit event. A refused form comes back filled in as typed, each problem next to its field, with
     * the status of the first.
     */
    Reply create(Call call) {
        DashboardGrantForm form = DashboardGrantForm.of(DashboardRequests.form(call.request()));
        return requests.adminAction(call, "create a grant", who -> {
            form.check(grants);
            if (!form.problems().isEmpty()) {
                DashboardRequests.logRefusal(call.request(), who.principal(), form.problems().values().iterator()
                        .next());
                return page(who, form, form.status());
            }
            try {
                grants.create(DashboardRequests.asApi(call, form.body(), Map.of(), who.principal()));
            } catch (ApiException e) {
                DashboardRequests.logRefusal(call.request(), who.principal(), e);
                form.refused(e);
                return page(who, form, e.status());
            }
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

    private Reply page(DashboardRequests.SignedIn who, DashboardGrantForm form, HttpResponseStatus status) {
        List<Views.GrantView> live = grants.live(who.principal(), GrantEndpoints.MAX_LIMIT);
        DashboardGrantsHtml.Suggestions names = who.principal().isAdmin() ? suggestions(who) : null;
        return DashboardRequests.page(status, DashboardGrantsHtml.grants(who.principal(), who.session(), live, form,
                names), null);
    }

    /** What the form's fields suggest while typing: the enabled operators and the devices, by name. */
    private DashboardGrantsHtml.Suggestions suggestions(DashboardRequests.SignedIn who) {
        return new DashboardGrantsHtml.Suggestions(
                users.all().stream().filter(u -> u.role().equals(Role.OPERATOR.name()) && !u.disabled())
                        .map(Views.UserView::name).sorted().limit(MAX_SUGGESTIONS).toList(),
                devices.visibleTo(who.principal()).stream().map(Views.DeviceView::name).sorted()
                        .limit(MAX_SUGGESTIONS).toList());
    }
}
