package dev.warren.api.internal.endpoints;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.warren.api.ApiContext;
import dev.warren.api.internal.http.Access;
import dev.warren.api.internal.http.Router;

/**
 * Every route of the web dashboard (docs/DASHBOARD.md). They take no API token: each page checks its own session
 * cookie ({@link DashboardRequests}), and each change its Origin and CSRF token, and then calls the same endpoint
 * code as the REST API.
 */
final class DashboardRoutes {
    private DashboardRoutes() {}

    static void add(Router router, ApiContext context, AuditTrail audit, DeviceEndpoints devices,
            SessionEndpoints sessions, GrantEndpoints grants, EnrollTokenEndpoints enrollTokens) {
        DashboardRequests requests = new DashboardRequests(context);
        DashboardEndpoints signIn = new DashboardEndpoints(context, audit, requests);
        DashboardDevices devicePages = new DashboardDevices(requests, devices);
        DashboardLiveSessions sessionPages = new DashboardLiveSessions(requests, sessions);
        DashboardGrants grantPages = new DashboardGrants(requests, grants);
        DashboardEnrollTokens enrollPages = new DashboardEnrollTokens(requests, enrollTokens);
        DashboardAssets assets = new DashboardAssets();
        Access self = Access.SELF_AUTHENTICATED;
        router.add(GET, "/ui", self, signIn::home)
                .add(GET, "/ui/login", Access.PUBLIC, signIn::loginForm)
                .add(POST, "/ui/login", self, signIn::login)
                .add(POST, "/ui/logout", self, signIn::logout)
                .add(GET, "/ui/devices", self, devicePages::list)
                .add(GET, "/ui/sessions", self, sessionPages::page)
                .add(POST, "/ui/sessions/{id}/cut", self, sessionPages::cut)
                .add(GET, "/ui/grants", self, grantPages::page)
                .add(POST, "/ui/grants", self, grantPages::create)
                .add(POST, "/ui/grants/{id}/revoke", self, grantPages::revoke)
                .add(GET, "/ui/enroll-tokens", self, enrollPages::page)
                .add(POST, "/ui/enroll-tokens", self, enrollPages::create)
                .add(POST, "/ui/enroll-tokens/{id}/revoke", self, enrollPages::revoke)
                .add(GET, DashboardPages.CSS_PATH, Access.PUBLIC, assets::stylesheet);
    }
}
