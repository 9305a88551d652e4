package dev.warren.api.internal.http;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Endpoint a = call -> Reply.noContent();
    private final Endpoint b = call -> Reply.noContent();
    private final Router router = new Router()
            .add(GET, "/api/v1/devices/{id}", Access.ANY_USER, a)
            .add(GET, "/api/v1/devices/self", Access.ANY_USER, b)
            .add(DELETE, "/api/v1/devices/{id}", Access.ADMIN, a)
            .add(POST, "/api/v1/devices/self/renew", Access.SELF_AUTHENTICATED, b);

    private static List<String> path(String p) {
        return List.of(p.substring(1).split("/", -1));
    }

    @Test
    void bindsParameters() {
        Router.Match m = router.match(GET, path("/api/v1/devices/d_1"));
        assertThat(m).isInstanceOfSatisfying(Router.Match.Found.class, f -> {
            assertThat(f.route().endpoint()).isSameAs(a);
            assertThat(f.params()).isEqualTo(Map.of("id", "d_1"));
        });
    }

    @Test
    void literalsWinOverParameters() {
        assertThat(router.match(GET, path("/api/v1/devices/self")))
                .isInstanceOfSatisfying(Router.Match.Found.class, f -> assertThat(f.route().endpoint()).isSameAs(b));
    }

    @Test
    void wrongMethodListsWhatIsAllowed() {
        assertThat(router.match(POST, path("/api/v1/devices/d_1")))
                .isEqualTo(new Router.Match.WrongMethod(Set.of("DELETE", "GET")));
        assertThat(router.match(GET, path("/api/v1/devices/self/renew")))
                .isEqualTo(new Router.Match.WrongMethod(Set.of("POST")));
    }

    @Test
    void unknownPathsAndEmptyParametersAreNotFound() {
        assertThat(router.match(GET, path("/api/v1/nothing"))).isInstanceOf(Router.Match.NotFound.class);
        assertThat(router.match(GET, path("/api/v1/devices/"))).isInstanceOf(Router.Match.NotFound.class);
        assertThat(router.match(GET, path("/api/v1/devices/a/b/c"))).isInstanceOf(Router.Match.NotFound.class);
    }
}
