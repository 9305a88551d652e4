package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

interface UsersContract extends StoreAccess {
    String TOKEN_HASH = "sha256:" + "0f".repeat(32);
    String PASSWORD_HASH = "$argon2id$v=19$m=12288,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + "A".repeat(43);

    private Users users() {
        return store().users();
    }

    @Test
    default void createReadsBackByIdAndName() {
        Instant before = now();
        User u = users().create(unique("alice"), Role.OPERATOR);

        assertThat(u.id()).matches("u_[a-z2-7]{16}");
        assertThat(u.role()).isEqualTo(Role.OPERATOR);
        assertThat(u.disabled()).isFalse();
        assertThat(u.createdAt()).isBetween(before, now());
        assertThat(users().byId(u.id())).contains(u);
        assertThat(users().byName(u.name())).contains(u);
        assertThat(users().byId("u_missing")).isEmpty();
        assertThat(users().byName("missing")).isEmpty();
    }

    @Test
    default void everyRoleRoundTrips() {
        for (Role role : Role.values()) {
            User u = users().create(unique(role.name().toLowerCase()), role);
            assertThat(users().byId(u.id()).orElseThrow().role()).isEqualTo(role);
        }
    }

    @Test
    default void duplicateNameIsRefused() {
        User u = users().create(unique("bob"), Role.ADMIN);
        assertThatThrownBy(() -> users().create(u.name(), Role.AUDITOR))
                .isInstanceOf(DuplicateNameException.class).hasMessageContaining(u.name());
        assertThat(users().byName(u.name()).orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    default void aPasswordIsSetReadAndRemovedAndOnlyItsTimeIsOnTheUser() {
        User u = users().create(unique("pw"), Role.OPERATOR);
        assertThat(u.hasPassword()).isFalse();
        assertThat(users().passwordHash(u.id())).isEmpty();

        Instant before = now();
        User withPassword = users().setPassword(u.id(), PASSWORD_HASH);
        assertThat(withPassword.passwordChangedAt()).isBetween(before, now());
        assertThat(withPassword.hasPassword()).isTrue();
        assertThat(users().byId(u.id())).contains(withPassword);
        assertThat(users().passwordHash(u.id())).contains(PASSWORD_HASH);
        assertThat(withPassword.toString()).doesNotContain(PASSWORD_HASH);

        User without = users().setPassword(u.id(), null);
        assertThat(without.hasPassword()).isFalse();
        assertThat(users().passwordHash(u.id())).isEmpty();
        assertThatThrownBy(() -> users().setPassword("u_missing", PASSWORD_HASH))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("u_missing");
        assertThatThrownBy(() -> users().setPassword(u.id(), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passwordHash: ****");
        assertThat(users().passwordHash("u_missing")).isEmpty();
    }

    @Test
    default void listContainsUsersAndDisableToggles() {
        String prefix = unique("list");
        User b = users().create(prefix + "-b", Role.AUDITOR);
        User a = users().create(prefix + "-a", Role.AUDITOR);
        assertThat(users().list()).containsSubsequence(a, b);

        users().setDisabled(a.id(), true);
        assertThat(users().byId(a.id()).orElseThrow().disabled()).isTrue();
        users().setDisabled(a.id(), false);
        assertThat(users().byId(a.id()).orElseThrow().disabled()).isFalse();
        assertThatThrownBy(() -> users().setDisabled("u_missing", true))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("u_missing");
    }

    @Test
    default void tokensAreAddedListedAndFound() throws InterruptedException {
        User u = users().create(unique("carol"), Role.OPERATOR);
        Instant expires = now().plusSeconds(86_400);
        ApiToken first = users().addToken(u.id(), unique("tok"), TOKEN_HASH, expires);
        Thread.sleep(2);
        ApiToken second = users().addToken(u.id(), unique("tok"), TOKEN_HASH, null);

        assertThat(first.expiresAt()).isEqualTo(expires);
        assertThat(second.expiresAt()).as("never expires").isNull();
        assertThat(first.revokedAt()).isNull();
        assertThat(first.lastUsedAt()).isNull();
        assertThat(users().tokenById(first.id())).contains(first);
        assertThat(users().tokenById("missing")).isEmpty();
        assertThat(users().tokensOf(u.id())).containsExactly(first, second);
        assertThat(users().tokensOf("u_missing")).isEmpty();
        assertThat(first.toString()).doesNotContain(TOKEN_HASH).contains("secretHash=****");
        assertThat(first.isUsable(now())).isTrue();
    }

    @Test
    default void addTokenRefusesUnknownUserAndDuplicateId() {
        User u = users().create(unique("dave"), Role.OPERATOR);
        ApiToken t = users().addToken(u.id(), unique("tok"), TOKEN_HASH, null);
        assertThatThrownBy(() -> users().addToken("u_missing", unique("tok"), TOKEN_HASH, null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("u_missing");
        assertThatThrownBy(() -> users().addToken(u.id(), t.id(), TOKEN_HASH, null))
                .isInstanceOf(DuplicateNameException.class).hasMessageContaining(t.id())
                .hasMessageNotContaining(TOKEN_HASH);
    }

    @Test
    default void revokeTokenOnceAndRecordUseMonotonically() {
        User u = users().create(unique("erin"), Role.OPERATOR);
        ApiToken t = users().addToken(u.id(), unique("tok"), TOKEN_HASH, null);
        Instant at = now();

        users().tokenUsed(t.id(), at);
        users().tokenUsed(t.id(), at.minusSeconds(30));
        assertThat(users().tokenById(t.id()).orElseThrow().lastUsedAt()).isEqualTo(at);
        users().tokenUsed(t.id(), at.plusSeconds(30));
        assertThat(users().tokenById(t.id()).orElseThrow().lastUsedAt()).isEqualTo(at.plusSeconds(30));

        assertThat(users().revokeToken(t.id(), at)).isTrue();
        assertThat(users().revokeToken(t.id(), at.plusSeconds(1))).as("first revocation stands").isFalse();
        assertThat(users().revokeToken("missing", at)).isFalse();
        ApiToken revoked = users().tokenById(t.id()).orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(at);
        assertThat(revoked.isUsable(at)).isFalse();
        assertThatThrownBy(() -> users().tokenUsed("missing", at))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("missing");
    }

    @Test
    default void certificatesAreRecordedListedAndRevokedOnce() {
        User u = users().create(unique("cert"), Role.OPERATOR);
        String fp = Long.toHexString(System.nanoTime() | (1L << 62)) + "ab".repeat(24);
        Instant notAfter = now().plusSeconds(3600);
        UserCertificate c = users().addCertificate(u.id(), fp.toUpperCase(), notAfter);
        assertThat(c.fingerprint()).isEqualTo(fp.toLowerCase());
        assertThat(users().certificate(fp)).contains(c);
        assertThat(users().certificatesOf(u.id())).containsExactly(c);
        assertThat(c.isUsable(now())).isTrue();
        assertThat(c.isUsable(notAfter)).isFalse();

        assertThat(users().revokeCertificate(fp, now())).isTrue();
        assertThat(users().revokeCertificate(fp, now())).isFalse();
        assertThat(users().certificate(fp).orElseThrow().isUsable(now())).isFalse();
        assertThatThrownBy(() -> users().addCertificate(u.id(), fp, notAfter))
                .isInstanceOf(DuplicateNameException.class);
        assertThatThrownBy(() -> users().addCertificate("u_missing", "cd".repeat(32), notAfter))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("u_missing");
    }
}
