package dev.warren.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.api.EmbeddedStoreTest;
import dev.warren.api.MutableClock;
import dev.warren.store.ApiToken;
import dev.warren.store.Role;
import dev.warren.store.User;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest extends EmbeddedStoreTest {
    private static final AtomicInteger users = new AtomicInteger();

    private MutableClock clock;
    private TokenAuthenticator auth;

    @BeforeEach
    void fresh() {
        clock = new MutableClock();
        auth = new TokenAuthenticator(store, clock);
    }

    private static String token(Role role) {
        User user = store.users().create("user-" + users.incrementAndGet(), role);
        ApiTokens.Issued issued = ApiTokens.issue();
        store.users().addToken(user.id(), issued.id(), issued.secretHash(), null);
        return issued.token();
    }

    @Test
    void argon2RunsOncePerTokenPerMinute() {
        String token = token(Role.OPERATOR);
        for (int i = 0; i < 5; i++) {
            assertThat(auth.authenticate(token, "10.0.0.1:4000")).isInstanceOf(AuthResult.Ok.class);
        }
        assertThat(auth.argon2Verifications()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        assertThat(auth.authenticate(token, "10.0.0.1")).isInstanceOf(AuthResult.Ok.class);
        assertThat(auth.argon2Verifications()).isEqualTo(2);
    }

    @Test
    void aWrongSecretIsNeverServedFromTheCache() {
        String token = token(Role.OPERATOR);
        assertThat(auth.authenticate(token, "10.0.0.1")).isInstanceOf(AuthResult.Ok.class);
        String id = ApiTokens.parse(token).orElseThrow().id();
        String wrong = "wat1." + id + "." + ApiTokens.parse(ApiTokens.issue().token()).orElseThrow().secret();
        assertThat(auth.authenticate(wrong, "10.0.0.1")).isEqualTo(new AuthResult.Refused("API token unknown"));
    }

    @Test
    void principalNamesTheUserRoleAndToken() {
        String token = token(Role.AUDITOR);
        AuthResult.Ok ok = (AuthResult.Ok) auth.authenticate(token, "10.0.0.1");
        ApiToken stored = store.users().tokenById(ApiTokens.parse(token).orElseThrow().id()).orElseThrow();
        User user = store.users().byId(stored.userId()).orElseThrow();
        assertThat(ok.principal()).isEqualTo(new Principal(user.id(), user.name(), Role.AUDITOR, stored.id()));
    }

    @Test
    void useIsRecordedAtMostOnceAMinute() {
        String token = token(Role.OPERATOR);
        String id = ApiTokens.parse(token).orElseThrow().id();
        auth.authenticate(token, "10.0.0.1");
        var first = store.users().tokenById(id).orElseThrow().lastUsedAt();
        assertThat(first).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS));

        clock.advance(Duration.ofSeconds(30));
        auth.authenticate(token, "10.0.0.1");
        assertThat(store.users().tokenById(id).orElseThrow().lastUsedAt()).isEqualTo(first);

        clock.advance(Duration.ofSeconds(31));
        auth.authenticate(token, "10.0.0.1");
        assertThat(store.users().tokenById(id).orElseThrow().lastUsedAt()).isAfter(first);
    }

    @Test
    void revocationAndInvalidationTakeEffectAtOnce() {
        String token = token(Role.ADMIN);
        String id = ApiTokens.parse(token).orElseThrow().id();
        assertThat(auth.authenticate(token, "10.0.0.1")).isInstanceOf(AuthResult.Ok.class);
        store.users().revokeToken(id, clock.instant());
        auth.invalidate(id);
        assertThat(auth.authenticate(token, "10.0.0.1")).isEqualTo(new AuthResult.Refused("API token revoked"));
    }

    @Test
    void failuresAreLimitedPerHostWhateverThePort() {
        for (int i = 0; i < 10; i++) {
            assertThat(auth.authenticate("wat1.nonsense", "192.0.2.7:" + (40000 + i)))
                    .isEqualTo(new AuthResult.Refused("malformed API token (expected wat1.<id>.<secret>)"));
        }
        String good = token(Role.OPERATOR);
        AuthResult blocked = auth.authenticate(good, "192.0.2.7:50000");
        assertThat(blocked).isInstanceOf(AuthResult.Refused.class);
        assertThat(((AuthResult.Refused) blocked).reason())
                .matches("too many failed attempts from 192\\.0\\.2\\.7:50000; retry in \\d+ s");
        assertThat(auth.retryAfter("192.0.2.7")).isPresent();
        assertThat(auth.authenticate(good, "192.0.2.8:50000")).isInstanceOf(AuthResult.Ok.class);

        clock.advance(Duration.ofMinutes(1));
        assertThat(auth.authenticate(good, "192.0.2.7:50000")).isInstanceOf(AuthResult.Ok.class);
    }

    @Test
    void expiredAndDisabledAreRefusedButNotCountedAsGuesses() {
        User user = store.users().create("user-" + users.incrementAndGet(), Role.OPERATOR);
        ApiTokens.Issued issued = ApiTokens.issue();
        store.users().addToken(user.id(), issued.id(), issued.secretHash(), clock.instant().plusSeconds(10));
        clock.advance(Duration.ofSeconds(11));
        for (int i = 0; i < 12; i++) {
            assertThat(((AuthResult.Refused) auth.authenticate(issued.token(), "10.9.9.9")).reason())
                    .startsWith("API token expired at ");
        }
        assertThat(auth.retryAfter("10.9.9.9")).isEmpty();
    }

    @Test
    void wrongSecretsFromManySourcesAreLimitedPerUser() {
        String token = token(Role.OPERATOR);
        String id = ApiTokens.parse(token).orElseThrow().id();
        for (int i = 0; i < 20; i++) {
            String wrong = "wat1." + id + "." + ApiTokens.parse(ApiTokens.issue().token()).orElseThrow().secret();
            // a new source each time: the per-source limit never triggers
            assertThat(auth.authenticate(wrong, "198.51.100." + i)).isEqualTo(new AuthResult.Refused("API token unknown"));
        }
        AuthResult locked = auth.authenticate(token, "203.0.113.1");
        assertThat(((AuthResult.Refused) locked).reason())
                .matches("too many failed attempts for the user of API token " + id + "; retry in \\d+ s");
        assertThat(auth.authenticate(token(Role.OPERATOR), "203.0.113.1"))
                .as("another user is not affected").isInstanceOf(AuthResult.Ok.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(auth.authenticate(token, "203.0.113.1")).isInstanceOf(AuthResult.Ok.class);
    }

    @Test
    void aPrincipalHasExactlyOneCredential() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Principal("u", "n", Role.ADMIN, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: exactly one");
        assertThat(Principal.byCertificate("u", "n", Role.OPERATOR, "ab".repeat(32)).credential())
                .isEqualTo("certificate " + "ab".repeat(8));
    }
}
