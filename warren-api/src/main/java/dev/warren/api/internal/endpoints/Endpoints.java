package dev.warren.api.internal.endpoints;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.PATCH;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import dev.warren.api.ApiContext;
import dev.warren.api.auth.PasswordAuthenticator;
import dev.warren.api.internal.AttemptLimiter;
import dev.warren.api.internal.http.Access;
import dev.warren.api.internal.http.Router;
import java.time.Duration;

/** Every route of docs/API.md and of the dashboard (docs/DASHBOARD.md), with who may call it. */
public final class Endpoints {
    public static final String BASE = "/api/v1";
    private static final int MAX_SOURCES = 10_000;

    private Endpoints() {}

    public static Router router(ApiContext context) {
        AuditTrail audit = new AuditTrail(context.audit(), context.clock());
        Lookups lookups = new Lookups(context);
        SystemEndpoints system = new SystemEndpoints(context, audit);
        EnrollTokenEndpoints enrollTokens = new EnrollTokenEndpoints(context, audit);
        EnrollEndpoint enroll = new EnrollEndpoint(context, audit, new AttemptLimiter(EnrollEndpoint.MAX_FAILURES,
                Duration.ofMinutes(1), MAX_SOURCES, context.clock()));
        RenewEndpoint renew = new RenewEndpoint(context, audit);
        DeviceEndpoints devices = new DeviceEndpoints(context, lookups, audit);
        SessionEndpoints sessions = new SessionEndpoints(context, lookups, audit);
        // one for the dashboard's sign-in, its account page and the API's password changes: a wrong current password
        // counts as a failed sign-in wherever it is typed
        PasswordAuthenticator passwords = new PasswordAuthenticator(context.store(), context.clock());
        UserEndpoints users = new UserEndpoints(context, lookups, audit, passwords);
        GrantEndpoints grants = new GrantEndpoints(context, lookups, audit);
        AuditEndpoints auditLog = new AuditEndpoints(context, lookups);
        TrafficEndpoints traffic = new TrafficEndpoints(context, lookups);
        PublishedPortEndpoints published = new PublishedPortEndpoints(context, lookups, audit);
        AccessRequestEndpoints requests = new AccessRequestEndpoints(context, lookups, audit);
        String device = BASE + "/devices/{idOrName}";
        String user = BASE + "/users/{user}";
        Router router = new Router()
                .add(GET, BASE + "/health", Access.PUBLIC, system::health)
                .add(GET, BASE + "/ca", Access.PUBLIC, system::ca)
                .add(GET, BASE + "/whoami", Access.ANY_USER, system::whoami)

                .add(POST, BASE + "/enroll-tokens", Access.ADMIN, enrollTokens::create)
                .add(GET, BASE + "/enroll-tokens", Access.ADMIN, enrollTokens::list)
                .add(DELETE, BASE + "/enroll-tokens/{id}", Access.ADMIN, enrollTokens::revoke)
                .add(POST, BASE + "/enroll", Access.SELF_AUTHENTICATED, enroll::enroll)
                .add(POST, BASE + "/devices/self/renew", Access.SELF_AUTHENTICATED, renew::renew)

                .add(GET, BASE + "/devices", Access.ANY_USER, devices::list)
                .add(GET, device, Access.ANY_USER, devices::get)
                .add(PATCH, device, Access.ADMIN, devices::patch)
                .add(DELETE, device, Access.ADMIN, devices::delete)
                .add(POST, device + "/disable", Access.ADMIN, devices::disable)
                .add(POST, device + "/enable", Access.ADMIN, devices::enable)
                .add(POST, device + "/disconnect", Access.ADMIN, devices::disconnect)
                .add(POST, device + "/services/{service}/disable", Access.ADMIN, devices::disableService)
                .add(POST, device + "/services/{service}/enable", Access.ADMIN, devices::enableService)

                .add(GET, BASE + "/sessions", Access.ANY_USER, sessions::query)
                .add(DELETE, BASE + "/sessions/{id}", Access.ADMIN, sessions::cut)

                .add(POST, BASE + "/users", Access.ADMIN, users::create)
                .add(GET, BASE + "/users", Access.READERS, users::list)
                .add(GET, user, Access.ANY_USER, users::get)
                .add(POST, user + "/disable", Access.ADMIN, users::disable)
                .add(POST, user + "/enable", Access.ADMIN, users::enable)
                .add(PUT, user + "/password", Access.OWN_PASSWORD, users::setPassword)
                .add(DELETE, user + "/password", Access.ADMIN_OR_OPERATOR, users::removePassword)
                .add(POST, user + "/tokens", Access.ADMIN_OR_OPERATOR, users::createToken)
                .add(GET, user + "/tokens", Access.ANY_USER, users::tokens)
                .add(DELETE, BASE + "/tokens/{id}", Access.ADMIN_OR_OPERATOR, users::revokeToken)
                .add(POST, user + "/certificates", Access.ADMIN_OR_OPERATOR, users::issueCertificate)
                .add(GET, user + "/certificates", Access.ANY_USER, users::certificates)
                .add(DELETE, user + "/certificates/{fingerprint}", Access.ADMIN_OR_OPERATOR, users::revokeCertificate)

                .add(POST, BASE + "/grants", Access.ADMIN, grants::create)
                .add(GET, BASE + "/grants", Access.ANY_USER, grants::list)
                .add(GET, BASE + "/grants/{id}", Access.ANY_USER, grants::get)
                .add(DELETE, BASE + "/grants/{id}", Access.ADMIN, grants::revoke)

                .add(POST, BASE + "/access-requests", Access.ADMIN_OR_OPERATOR, requests::create)
                .add(GET, BASE + "/access-requests", Access.ANY_USER, requests::list)
                .add(GET, BASE + "/access-requests/{id}", Access.ANY_USER, requests::get)
                .add(POST, BASE + "/access-requests/{id}/approve", Access.ADMIN, requests::approve)
                .add(POST, BASE + "/access-requests/{id}/deny", Access.ADMIN, requests::deny)

                .add(GET, BASE + "/audit", Access.READERS, auditLog::query)

                .add(GET, BASE + "/traffic", Access.ANY_USER, traffic::query)

                .add(POST, BASE + "/published-ports", Access.ADMIN, published::create)
                .add(GET, BASE + "/published-ports", Access.READERS, published::list)
                .add(DELETE, BASE + "/published-ports/{port}", Access.ADMIN, published::delete);
        // the web dashboard (docs/DASHBOARD.md): its own session cookie, checked by its pages
        DashboardRoutes.add(router, context, audit, new DashboardRoutes.Api(devices, sessions, grants, enrollTokens,
                traffic, auditLog, users, passwords));
        return router;
    }
}
