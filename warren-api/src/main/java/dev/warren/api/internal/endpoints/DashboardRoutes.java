package dev.warren.api.internal.endpoints;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.warren.api.ApiContext;
import dev.warren.api.auth.PasswordAuthenticator;
import dev.warren.api.internal.http.Access;
import dev.warren.api.internal.http.Router;

/**
 * Every route of the web dashboard (docs/DASHBOARD.md). They take no API token: each page checks its own session
 * cookie ({@link DashboardRequests}), and each change its Origin and CSRF token, and then calls the same endpoint
 * code as the REST API.
 */
final class DashboardRoutes {
    /** The REST API's endpoints whose code the dashboard runs. */
    record Api(DeviceEndpoints devices, SessionEndpoints sessions, GrantEndpoints grants,
            EnrollTokenEndpoints enrollTokens, TrafficEndpoints traffic, AuditEndpoints auditLog,
            UserEndpoints users, PasswordAuthenticator passwords) {}

    private DashboardRoutes() {}

    static void add(Router router, ApiContext context, AuditTrail audit, Api api) {
        DashboardRequests requests = new DashboardRequests(context);
        // the API's (Endpoints): a wrong current password on the account page counts as a failed sign-in
        PasswordAuthenticator passwords = api.passwords();
        DashboardEndpoints signIn = new DashboardEndpoints(context, audit, requests, passwords);
        DashboardAccount account = new DashboardAccount(context, requests, api.users());
        DashboardDevices devices = new DashboardDevices(requests, api.devices(), api.sessions(), api.traffic(),
                context.clock());
        DashboardDeviceActions deviceActions = new DashboardDeviceActions(requests, api.devices());
        DashboardLiveSessions sessions = new DashboardLiveSessions(requests, api.sessions());
        DashboardGrants grants = new DashboardGrants(requests, api.grants(), api.users(), api.devices());
        DashboardEnrollTokens enrollTokens = new DashboardEnrollTokens(requests, api.enrollTokens(),
                context.clock());
        DashboardAudit auditPages = new DashboardAudit(requests, api.auditLog(), audit, context.clock());
        DashboardUsers users = new DashboardUsers(requests, api.users(), context.clock());
        Access self = Access.SELF_AUTHENTICATED;
        String device = "/ui/devices/{name}";
        router.add(GET, "/ui", self, signIn::home)
                .add(GET, "/ui/login", Access.PUBLIC, signIn::loginForm)
                .add(POST, "/ui/login", self, signIn::login)
                .add(POST, "/ui/logout", self, signIn::logout)

                .add(GET, "/ui/devices", self, devices::list)
                .add(GET, device, self, devices::page)
                .add(GET, device + "/traffic.json", self, devices::trafficJson)
                .add(POST, device + "/disconnect", self, deviceActions::disconnect)
                .add(POST, device + "/disable", self, deviceActions::disable)
                .add(POST, device + "/enable", self, deviceActions::enable)
                .add(POST, device + "/labels", self, deviceActions::labels)
                .add(GET, device + "/delete", self, deviceActions::confirmDelete)
                .add(POST, device + "/delete", self, deviceActions::delete)
                .add(POST, device + "/services/{service}/disable", self, deviceActions::disableService)
                .add(POST, device + "/services/{service}/enable", self, deviceActions::enableService)

                .add(GET, "/ui/live/devices", self, devices::listLive)
                .add(GET, "/ui/live/devices/{name}", self, devices::pageLive)
                .add(GET, "/ui/live/sessions", self, sessions::live)
                .add(GET, "/ui/live/grants", self, grants::live)
                .add(GET, "/ui/live/enroll-tokens", self, enrollTokens::live)
                .add(GET, "/ui/live/audit", self, auditPages::live)
                .add(GET, "/ui/live/users", self, users::live)

                .add(GET, "/ui/sessions", self, sessions::page)
                .add(POST, "/ui/sessions/{id}/cut", self, sessions::cut)

                .add(GET, "/ui/grants", self, grants::page)
                .add(POST, "/ui/grants", self, grants::create)
                .add(POST, "/ui/grants/{id}/revoke", self, grants::revoke)

                .add(GET, "/ui/enroll-tokens", self, enrollTokens::page)
                .add(POST, "/ui/enroll-tokens", self, enrollTokens::create)
                .add(POST, "/ui/enroll-tokens/{id}/revoke", self, enrollTokens::revoke)

                .add(GET, "/ui/audit", self, auditPages::page)
                .add(GET, "/ui/audit.csv", self, auditPages::csv)

                .add(GET, "/ui/users", self, users::page)
                .add(POST, "/ui/users", self, users::create)
                .add(POST, "/ui/users/{user}/disable", self, users::disable)
                .add(POST, "/ui/users/{user}/enable", self, users::enable)
                .add(POST, "/ui/users/{user}/tokens", self, users::issueToken)
                .add(GET, "/ui/users/{user}/password", self, users::passwordForm)
                .add(POST, "/ui/users/{user}/password", self, users::setPassword)
                .add(POST, "/ui/users/{user}/password/remove", self, users::removePassword)
                .add(POST, "/ui/tokens/{id}/revoke", self, users::revokeToken)

                .add(GET, DashboardAccount.PATH, self, account::page)
                .add(POST, DashboardAccount.PATH + "/password", self, account::changePassword);
        router.errorPages("/ui", DashboardRequests::errorPage);
        DashboardAssets.all().values().forEach(asset -> router.add(GET, asset.path(), Access.PUBLIC,
                call -> DashboardAssets.serve(asset, call)));
    }
}
