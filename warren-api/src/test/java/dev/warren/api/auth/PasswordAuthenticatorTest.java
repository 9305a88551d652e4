package dev.warren.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.api.EmbeddedStoreTest;
import dev.warren.api.MutableClock;
import dev.warren.store.Role;
import dev.warren.store.User;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PasswordAuthenticatorTest extends EmbeddedStoreTest {
    static final String PASSWORD = "correct horse battery staple";
    private static final AtomicInteger names = new AtomicInteger();

    private MutableClock clock;
    private PasswordAuthenticator auth;

    @BeforeEach
    void fresh() {
        clock = new MutableClock();
        auth = new PasswordAuthenticator(store, clock);
    }

    private static User user(Role role, String password) {
        User u = store.users().create("pw-" + names.incrementAndGet(), role);
        return password == null ? u : store.users().setPassword(u.id(), Passwords.hash(password));
    }

    @Test
    void theRightPasswordSignsTheUserIn() {
        User u = user(Role.AUDITOR, PASSWORD);
        PasswordAuthenticator.Ok ok = (PasswordAuthenticator.Ok) auth.authenticate(u.name(), PASSWORD, "10.0.0.1");
        assertThat(ok.principal()).isEqualTo(Principal.byPassword(u.id(), u.name(), Role.AUDITOR));
        assertThat(ok.principal().credential()).isEqualTo("password");
        assertThat(ok.passwordSetAt()).isEqualTo(u.passwordChangedAt());
        // user names are lowercase; what is typed is compared that way, spaces around it dropped
        assertThat(auth.authenticate(" " + u.name().toUpperCase() + " ", PASSWORD, "10.0.0.1"))
                .isInstanceOf(PasswordAuthenticator.Ok.class);
    }

    @Test
    void anUnknownNameANameWithoutPasswordAndAWrongPasswordLookTheSameAndCostTheSame() {
        User withPassword = user(Role.OPERATOR, PASSWORD);
        User without = user(Role.OPERATOR, null);
        long before = auth.verifications();
        PasswordAuthenticator.Result unknown = auth.authenticate("nobody-" + names.incrementAndGet(), PASSWORD, "10.0.0.2");
        PasswordAuthenticator.Result none = auth.authenticate(without.name(), PASSWORD, "10.0.0.3");
        PasswordAuthenticator.Result wrong = auth.authenticate(withPassword.name(), PASSWORD + "!", "10.0.0.4");
        assertThat(auth.verifications() - before).isEqualTo(3); // one Argon2 run each, a dummy hash when none is real
        for (PasswordAuthenticator.Result r : java.util.List.of(unknown, none, wrong)) {
            assertThat(((PasswordAuthenticator.Refused) r).reason()).isEqualTo("wrong user name or password");
            assertThat(((PasswordAuthenticator.Refused) r).retryAfter()).isNull();
        }
        // the audit trail may name a user that exists, never what was typed otherwise
        assertThat(((PasswordAuthenticator.Refused) unknown).user()).isNull();
        assertThat(((PasswordAuthenticator.Refused) wrong).user()).isEqualTo(withPassword.name());
    }

    @Test
    void aDisabledUserIsRefusedEvenWithTheRightPassword() {
        User u = user(Role.ADMIN, PASSWORD);
        store.users().setDisabled(u.id(), true);
        PasswordAuthenticator.Refused r = (PasswordAuthenticator.Refused) auth.authenticate(u.name(), PASSWORD, "10.0.0.5");
        assertThat(r.reason()).isEqualTo("user '" + u.name() + "' is disabled");
    }

    @Test
    void tenFailuresFromOneSourceRefuseItForTheRestOfTheMinuteWithoutChecking() {
        User u = user(Role.OPERATOR, PASSWORD);
        for (int i = 0; i < PasswordAuthenticator.MAX_FAILURES; i++) {
            auth.authenticate(u.name(), "wrong-password-" + i, "10.0.0.6:" + (4000 + i));
        }
        long before = auth.verifications();
        PasswordAuthenticator.Refused r = (PasswordAuthenticator.Refused) auth.authenticate(u.name(), PASSWORD, "10.0.0.6");
        assertThat(r.reason()).startsWith("too many failed attempts from 10.0.0.6; retry in ");
        assertThat(r.retryAfter()).isPositive();
        assertThat(auth.verifications()).isEqualTo(before);
        assertThat(auth.retryAfter("10.0.0.6")).isPresent();
        // another source may still sign in
        assertThat(auth.authenticate(u.name(), PASSWORD, "10.0.0.7")).isInstanceOf(PasswordAuthenticator.Ok.class);
        clock.advance(Duration.ofSeconds(61));
        assertThat(auth.authenticate(u.name(), PASSWORD, "10.0.0.6")).isInstanceOf(PasswordAuthenticator.Ok.class);
    }

    @Test
    void twentyFailuresForOneNameFromManySourcesLockThatNameAliveOrNot() {
        User u = user(Role.OPERATOR, PASSWORD);
        String ghost = "ghost-" + names.incrementAndGet();
        for (int i = 0; i < PasswordAuthenticator.MAX_NAME_FAILURES; i++) {
            auth.authenticate(u.name(), "wrong-password-" + i, "10.1.0." + i);
            auth.authenticate(ghost, "wrong-password-" + i, "10.2.0." + i);
        }
        PasswordAuthenticator.Refused real = (PasswordAuthenticator.Refused) auth.authenticate(u.name(), PASSWORD, "10.3.0.1");
        PasswordAuthenticator.Refused absent = (PasswordAuthenticator.Refused) auth.authenticate(ghost, PASSWORD, "10.3.0.2");
        assertThat(real.reason()).startsWith("too many failed attempts for this user name; retry in ");
        assertThat(absent.reason()).startsWith("too many failed attempts for this user name; retry in ");
        clock.advance(Duration.ofSeconds(61));
        assertThat(auth.authenticate(u.name(), PASSWORD, "10.3.0.1")).isInstanceOf(PasswordAuthenticator.Ok.class);
    }

    @Test
    void aHugePasswordIsRefusedAsWrong() {
        User u = user(Role.OPERATOR, PASSWORD);
        PasswordAuthenticator.Refused r = (PasswordAuthenticator.Refused) auth.authenticate(u.name(),
                "x".repeat(100_000), "10.0.0.8");
        assertThat(r.reason()).isEqualTo("wrong user name or password");
    }
}
