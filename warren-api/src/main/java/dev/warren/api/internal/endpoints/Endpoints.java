package dev.warren.api.internal.endpoints;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.warren.api.ApiContext;
import dev.warren.api.internal.AttemptLimiter;
import dev.warren.api.internal.http.Access;
import dev.warren.api.internal.http.Router;
import java.time.Duration;

/** Every route of docs/API.md, with who may call it. */
public final class Endpoints {
    public static final String BASE = "/api/v1";
    private static final int MAX_SOURCES = 10_000;

    private Endpoints() {}

    public static Router router(ApiContext context) {
        AuditTrail audit = new AuditTrail(context.store(), context.clock());
        SystemEndpoints system = new SystemEndpoints(context);
        EnrollTokenEndpoints enrollTokens = new EnrollTokenEndpoints(context, audit);
        EnrollEndpoint enroll = new EnrollEndpoint(context, audit, new AttemptLimiter(EnrollEndpoint.MAX_FAILURES,
                Duration.ofMinutes(1), MAX_SOURCES, context.clock()));
        RenewEndpoint renew = new RenewEndpoint(context, audit);
        DeviceEndpoints devices = new DeviceEndpoints(context);
        SessionEndpoints sessions = new SessionEndpoints(context);
        return new Router()
                .add(GET, BASE + "/health", Access.PUBLIC, system::health)
                .add(GET, BASE + "/ca", Access.PUBLIC, system::ca)
                .add(GET, BASE + "/whoami", Access.ANY_USER, system::whoami)
                .add(POST, BASE + "/enroll-tokens", Access.ADMIN, enrollTokens::create)
                .add(GET, BASE + "/enroll-tokens", Access.ADMIN, enrollTokens::list)
                .add(DELETE, BASE + "/enroll-tokens/{id}", Access.ADMIN, enrollTokens::revoke)
                .add(POST, BASE + "/enroll", Access.SELF_AUTHENTICATED, enroll::enroll)
                .add(POST, BASE + "/devices/self/renew", Access.SELF_AUTHENTICATED, renew::renew)
                .add(GET, BASE + "/devices", Access.ANY_USER, devices::list)
                .add(GET, BASE + "/devices/{idOrName}", Access.ANY_USER, devices::get)
                .add(GET, BASE + "/sessions", Access.ANY_USER, sessions::query);
    }
}
