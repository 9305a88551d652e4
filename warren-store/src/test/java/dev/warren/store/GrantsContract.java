package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

interface GrantsContract extends StoreAccess {

    private Grants grants() {
        return store().grants();
    }

    private User operator() {
        return store().users().create(unique("op"), Role.OPERATOR);
    }

    @Test
    default void createReadsBackWithTheHoldersName() {
        User alice = operator();
        Instant before = now();
        Instant expires = now().plusSeconds(1800);
        Grant g = grants().create(alice.id(), "d_aaaaaaaaaaaaaaaa", Map.of(), "ssh", "ticket 1234", "admin", expires,
                null);

        assertThat(g.id()).matches("g_[a-z2-7]{16}");
        assertThat(g.userName()).isEqualTo(alice.name());
        assertThat(g.createdAt()).isBetween(before, now());
        assertThat(g.expiresAt()).isEqualTo(expires);
        assertThat(g.revokedAt()).isNull();
        assertThat(g.isLive(now())).isTrue();
        assertThat(grants().byId(g.id())).contains(g);
        assertThat(grants().byId("g_missing")).isEmpty();
    }

    @Test
    default void aSelectorGrantCoversDevicesWhoseLabelsIncludeIt() {
        User bob = operator();
        Grant g = grants().create(bob.id(), null, Map.of("site", "plant-b", "tier", "edge"), Grant.ANY_SERVICE,
                "maintenance", "admin", now().plusSeconds(60), null);

        Grant read = grants().byId(g.id()).orElseThrow();
        assertThat(read.deviceId()).isNull();
        assertThat(read.selector()).containsExactly(Map.entry("site", "plant-b"), Map.entry("tier", "edge"));
        assertThat(read.covers("d_x", Map.of("site", "plant-b", "tier", "edge", "extra", "1"))).isTrue();
        assertThat(read.covers("d_x", Map.of("site", "plant-b"))).isFalse();
        assertThat(read.covers("d_x", Map.of("site", "plant-a", "tier", "edge"))).isFalse();
        assertThat(read.allows("ssh")).isTrue();
        assertThat(read.allows("anything")).isTrue();
        assertThat(read.describeTarget(null)).isEqualTo("site=plant-b,tier=edge/*");
    }

    @Test
    default void aDeviceGrantCoversOnlyThatDeviceAndService() {
        Grant g = grants().create(operator().id(), "d_bbbbbbbbbbbbbbbb", Map.of(), "ssh", "r", "admin",
                now().plusSeconds(60), null);
        assertThat(g.covers("d_bbbbbbbbbbbbbbbb", Map.of())).isTrue();
        assertThat(g.covers("d_cccccccccccccccc", Map.of())).isFalse();
        assertThat(g.allows("ssh")).isTrue();
        assertThat(g.allows("web")).isFalse();
        assertThat(g.describeTarget("dev-42")).isEqualTo("dev-42/ssh");
    }

    @Test
    default void ofUserReturnsWhatHadNotEndedBySince() {
        User carol = operator();
        Instant t = now();
        Grant live = grants().create(carol.id(), "d_aaaaaaaaaaaaaaaa", Map.of(), "ssh", "r", "admin",
                t.plusSeconds(600), null);
        Grant soon = grants().create(carol.id(), "d_aaaaaaaaaaaaaaaa", Map.of(), "web", "r", "admin",
                t.plusSeconds(5), null);
        Grant revoked = grants().create(carol.id(), "d_aaaaaaaaaaaaaaaa", Map.of(), "db", "r", "admin",
                t.plusSeconds(600), null);
        assertThat(grants().revoke(revoked.id(), "admin", t.plusSeconds(1))).isTrue();
        grants().create(operator().id(), "d_aaaaaaaaaaaaaaaa", Map.of(), "ssh", "someone else's", "admin",
                t.plusSeconds(600), null);

        assertThat(ids(grants().ofUser(carol.id(), t))).containsExactlyInAnyOrder(live.id(), soon.id(), revoked.id());
        assertThat(ids(grants().ofUser(carol.id(), t.plusSeconds(2)))).containsExactlyInAnyOrder(live.id(), soon.id());
        assertThat(ids(grants().ofUser(carol.id(), t.plusSeconds(10)))).containsExactly(live.id());
        assertThat(grants().ofUser("u_nobody", t)).isEmpty();
    }

    @Test
    default void revokeOnlyOnceAndNeverAfterExpiry() {
        User dave = operator();
        Grant g = grants().create(dave.id(), "d_aaaaaaaaaaaaaaaa", Map.of(), "ssh", "r", "admin",
                now().plusSeconds(60), null);
        Instant at = now();
        assertThat(grants().revoke(g.id(), "root", at)).isTrue();
        assertThat(grants().revoke(g.id(), "root", at)).isFalse();
        assertThat(grants().revoke("g_missing", "root", at)).isFalse();
        Grant read = grants().byId(g.id()).orElseThrow();
        assertThat(read.revokedAt()).isEqualTo(at);
        assertThat(read.revokedBy()).isEqualTo("root");
        assertThat(read.isLive(now())).isFalse();
        assertThat(read.endsAt()).isEqualTo(at);

        Grant other = grants().create(dave.id(), "d_aaaaaaaaaaaaaaaa", Map.of(), "ssh", "r", "admin",
                now().plusSeconds(5), null);
        assertThat(grants().revoke(other.id(), "root", now().plusSeconds(10))).as("already expired then").isFalse();
    }

    @Test
    default void queryFiltersByUserDeviceAndLiveness() {
        User erin = operator();
        String device = "d_" + "e".repeat(16);
        Instant t = now();
        Grant a = grants().create(erin.id(), device, Map.of(), "ssh", "r", "admin", t.plusSeconds(600), null);
        Grant b = grants().create(erin.id(), null, Map.of("k", "v"), "ssh", "r", "admin", t.plusSeconds(600), null);
        grants().revoke(b.id(), "admin", t);

        assertThat(ids(grants().query(new GrantQuery(erin.id(), null, null, 100)))).containsExactly(b.id(), a.id());
        assertThat(ids(grants().query(new GrantQuery(erin.id(), null, now(), 100)))).containsExactly(a.id());
        assertThat(ids(grants().query(new GrantQuery(null, device, null, 100)))).containsExactly(a.id());
        assertThat(grants().query(new GrantQuery(erin.id(), null, null, 1))).hasSize(1);
    }

    @Test
    default void badGrantsAreRefusedWithTheReason() {
        User frank = operator();
        Instant later = now().plusSeconds(60);
        assertThatThrownBy(() -> grants().create("u_nobody", "d_x", Map.of(), "ssh", "r", "admin", later, null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("u_nobody");
        assertThatThrownBy(() -> grants().create(frank.id(), null, Map.of(), "ssh", "r", "admin", later, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: a device id or a non-empty label selector");
        assertThatThrownBy(() -> grants().create(frank.id(), "d_x", Map.of("a", "b"), "ssh", "r", "admin", later, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> grants().create(frank.id(), "d_x", Map.of(), "ssh", "", "admin", later, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reason: ''");
        assertThatThrownBy(() -> grants().create(frank.id(), "d_x", Map.of(), "ssh", "r", "admin",
                now().minusSeconds(1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: in the future");
    }

    private static List<String> ids(List<Grant> grants) {
        return grants.stream().map(Grant::id).toList();
    }

    @Test
    default void aDeviceHoldsADeviceToDeviceGrant() {
        Device plantA = store().devices().create(unique("plant-a"), Map.of(), FINGERPRINT, IN_A_YEAR);
        Instant expires = now().plusSeconds(600);
        Grant g = grants().createForDevice(plantA.id(), "d_cccccccccccccccc", Map.of(), "postgres", "replication",
                "admin", expires);

        assertThat(g.heldByDevice()).isTrue();
        assertThat(g.userId()).isNull();
        assertThat(g.userName()).isNull();
        assertThat(g.fromDeviceId()).isEqualTo(plantA.id());
        assertThat(g.fromDeviceName()).isEqualTo(plantA.name());
        assertThat(g.holder()).isEqualTo("device " + plantA.name());
        assertThat(grants().byId(g.id())).contains(g);
        assertThat(ids(grants().ofDevice(plantA.id(), now()))).containsExactly(g.id());
        assertThat(ids(grants().query(new GrantQuery(null, plantA.id(), null, null, 100)))).containsExactly(g.id());
        // a device's grant is no user's
        User op = operator();
        assertThat(grants().ofUser(op.id(), now())).isEmpty();

        assertThat(grants().revoke(g.id(), "admin", now())).isTrue();
        assertThat(grants().ofDevice(plantA.id(), now().plusSeconds(1))).isEmpty();
    }

    @Test
    default void aDeviceGrantNeedsAnExistingHolderDevice() {
        assertThatThrownBy(() -> grants().createForDevice("d_nonexistent00000", "d_cccccccccccccccc", Map.of(), "ssh",
                "r", "admin", now().plusSeconds(60)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no device with id 'd_nonexistent00000'");
    }

    @Test
    default void aGrantHasExactlyOneHolder() {
        assertThatThrownBy(() -> new Grant("g_aaaaaaaaaaaaaaaa", "u_x", "x", "d_y", "y", "d_z", Map.of(), "ssh", "r",
                "admin", now(), now().plusSeconds(5), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new Grant("g_aaaaaaaaaaaaaaaa", null, null, null, null, "d_z", Map.of(), "ssh", "r",
                "admin", now(), now().plusSeconds(5), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
    }
}
