package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

interface DeviceGrantsContract extends StoreAccess {

    private DeviceGrants grants() {
        return store().deviceGrants();
    }

    private String device() {
        return "d_" + unique("dev").replaceAll("[^a-z0-9]", "");
    }

    @Test
    default void createReadsBackAndIsLiveUntilItExpires() {
        String from = device();
        String to = device();
        Instant before = now();
        Instant expires = now().plusSeconds(600);
        DeviceGrant g = grants().create(from, to, "postgres", "ticket 42", "admin", expires);

        assertThat(g.id()).matches("dg_[a-z2-7]{16}");
        assertThat(g.fromDeviceId()).isEqualTo(from);
        assertThat(g.deviceId()).isEqualTo(to);
        assertThat(g.createdAt()).isBetween(before, now());
        assertThat(g.expiresAt()).isEqualTo(expires);
        assertThat(g.isLive(now())).isTrue();
        assertThat(g.isLive(expires)).isFalse();
        assertThat(g.allows("postgres")).isTrue();
        assertThat(g.allows("ssh")).isFalse();
        assertThat(grants().byId(g.id())).contains(g);
        assertThat(grants().byId("dg_missing")).isEmpty();
    }

    @Test
    default void ofSourceListsOnlyThatDevicesGrantsThatHaveNotEnded() {
        String from = device();
        String other = device();
        String to = device();
        DeviceGrant live = grants().create(from, to, DeviceGrant.ANY_SERVICE, "r", "admin", now().plusSeconds(60));
        DeviceGrant revoked = grants().create(from, to, "ssh", "r", "admin", now().plusSeconds(60));
        grants().create(other, to, "ssh", "r", "admin", now().plusSeconds(60));
        assertThat(grants().revoke(revoked.id(), "admin2", now())).isTrue();

        assertThat(grants().ofSource(from, now())).extracting(DeviceGrant::id).containsExactly(live.id());
        assertThat(grants().ofSource(from, now().minusSeconds(60))).extracting(DeviceGrant::id)
                .containsExactlyInAnyOrder(live.id(), revoked.id());
        assertThat(live.allows("anything")).isTrue();
    }

    @Test
    default void revokeOnceRecordsWhoAndWhen() {
        DeviceGrant g = grants().create(device(), device(), "ssh", "r", "admin", now().plusSeconds(60));
        Instant at = now();
        assertThat(grants().revoke(g.id(), "alice", at)).isTrue();
        assertThat(grants().revoke(g.id(), "bob", now())).isFalse();
        assertThat(grants().revoke("dg_missing", "bob", now())).isFalse();
        DeviceGrant read = grants().byId(g.id()).orElseThrow();
        assertThat(read.revokedBy()).isEqualTo("alice");
        assertThat(read.revokedAt()).isEqualTo(at);
        assertThat(read.isLive(now())).isFalse();
        assertThat(read.endsAt()).isEqualTo(at);
    }

    @Test
    default void queryFiltersBySourceTargetAndLiveness() {
        String from = device();
        String to = device();
        DeviceGrant a = grants().create(from, to, "ssh", "r", "admin", now().plusSeconds(60));
        DeviceGrant b = grants().create(from, device(), "ssh", "r", "admin", now().plusSeconds(60));
        grants().revoke(b.id(), "admin", now());

        assertThat(grants().query(from, null, null, 10)).extracting(DeviceGrant::id).containsExactly(b.id(), a.id());
        assertThat(grants().query(from, to, null, 10)).extracting(DeviceGrant::id).containsExactly(a.id());
        assertThat(grants().query(from, null, now(), 10)).extracting(DeviceGrant::id).containsExactly(a.id());
        assertThat(grants().query(from, null, null, 1)).hasSize(1);
    }

    @Test
    default void badValuesAreRefused() {
        String d = device();
        assertThatThrownBy(() -> grants().create(d, d, "ssh", "r", "admin", now().plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another device");
        assertThatThrownBy(() -> grants().create(d, device(), "ssh", "r", "admin", now().minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in the future");
        assertThatThrownBy(() -> grants().create(d, device(), "ssh", "", "admin", now().plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
