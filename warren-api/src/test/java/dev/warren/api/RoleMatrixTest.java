package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.api.internal.endpoints.Endpoints;
import dev.warren.api.internal.http.Access;
import dev.warren.api.internal.http.Router;
import dev.warren.store.Role;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may call what, over every route the API has: an auditor changes nothing, an operator reaches no admin route,
 * and no route that changes anything is open to a role that should not have it.
 */
class RoleMatrixTest extends ApiTestBase {

    private List<Router.Route> routes() {
        return Endpoints.router(server.context).routes();
    }

    private static String path(Router.Route route) {
        return route.pattern().replace("{idOrName}", "some-device").replace("{user}", "some-user")
                .replace("{id}", "some-id").replace("{service}", "ssh").replace("{fingerprint}", "ab".repeat(32)).replace("{port}", "20022");
    }

    @Test
    void anAuditorCanChangeNothingButTheirOwnPassword() {
        String auditor = tokenFor(Role.AUDITOR);
        int checked = 0;
        for (Router.Route route : routes()) {
            if (route.method().equals(HttpMethod.GET) || !route.access().needsToken()
                    || route.access() == Access.OWN_PASSWORD) {
                continue; // their own password: UserPasswordsTest (another user's is 403 there, by the endpoint)
            }
            Http.Resp r = http.send(route.method().name(), path(route), auditor, "{}");
            assertThat(r.status()).as(route.method() + " " + route.pattern()).isEqualTo(403);
            assertThat(r.message()).isEqualTo("role AUDITOR may not " + route.method() + " " + route.pattern()
                    + " (needs " + route.access().describeRoles() + ")");
            checked++;
        }
        assertThat(checked).as("every changing route was tried").isGreaterThan(20);
    }

    @Test
    void anOperatorReachesNoAdminRoute() {
        String operator = tokenFor(Role.OPERATOR);
        for (Router.Route route : routes()) {
            if (route.access() != Access.ADMIN && route.access() != Access.READERS) {
                continue;
            }
            Http.Resp r = http.send(route.method().name(), path(route), operator, "{}");
            assertThat(r.status()).as(route.method() + " " + route.pattern()).isEqualTo(403);
            assertThat(r.message()).startsWith("role OPERATOR may not ");
        }
    }

    @Test
    void everyRouteButHealthCaAndSelfAuthenticatedOnesNeedsCredentials() {
        for (Router.Route route : routes()) {
            if (route.access().needsToken()) {
                Http.Resp r = http.send(route.method().name(), path(route), null, "{}");
                assertThat(r.status()).as(route.method() + " " + route.pattern()).isEqualTo(401);
                assertThat(r.message()).startsWith("missing API token");
            }
        }
    }

    @Test
    void noRouteThatChangesThingsAdmitsAuditorsByConstructionButTheirOwnPassword() {
        List<String> auditorChanges = new java.util.ArrayList<>();
        for (Router.Route route : routes()) {
            if (!route.method().equals(HttpMethod.GET) && route.access().allows(Role.AUDITOR)) {
                auditorChanges.add(route.method() + " " + route.pattern() + " " + route.access());
            }
        }
        assertThat(auditorChanges).containsExactly("PUT /api/v1/users/{user}/password OWN_PASSWORD");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Router().add(HttpMethod.POST, "/x",
                        Access.ANY_USER, c -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("POST /x: ANY_USER admits auditors (expected: auditors are read-only; only GET routes and"
                        + " their own password (OWN_PASSWORD) may admit them)");
    }
}
