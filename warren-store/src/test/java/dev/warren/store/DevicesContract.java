package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

interface DevicesContract extends StoreAccess {

    private Devices devices() {
        return store().devices();
    }

    private Device newDevice() {
        return devices().create(unique("dev"), Map.of(), FINGERPRINT, IN_A_YEAR);
    }

    @Test
    default void createAssignsIdAndReadsBackByIdAndName() {
        Instant before = now();
        Device d = devices().create(unique("web"), Map.of("env", "prod"), FINGERPRINT, IN_A_YEAR);

        assertThat(d.id()).matches("d_[a-z2-7]{16}");
        assertThat(d.createdAt()).isBetween(before, now());
        assertThat(d.online()).isFalse();
        assertThat(d.disabled()).isFalse();
        assertThat(d.lastSeenAt()).isNull();
        assertThat(d.onlineNode()).isNull();
        assertThat(devices().byId(d.id())).contains(d);
        assertThat(devices().byName(d.name())).contains(d);
        assertThat(devices().byId("d_missing")).isEmpty();
        assertThat(devices().byName("missing")).isEmpty();
    }

    @Test
    default void duplicateNameIsRefusedWithTheName() {
        Device d = newDevice();
        assertThatThrownBy(() -> devices().create(d.name(), Map.of(), OTHER_FINGERPRINT, IN_A_YEAR))
                .isInstanceOf(DuplicateNameException.class)
                .hasMessageContaining(d.name());
        assertThat(devices().byName(d.name()).orElseThrow().certFingerprint()).isEqualTo(FINGERPRINT);
    }

    @Test
    default void labelsRoundTripWithAwkwardCharacters() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("zone", "eu-west");
        labels.put("quote\"s", "back\\slash, {json: [1]}");
        labels.put("ünïcödé", "日本語 ✓");
        labels.put("empty", "");
        Device d = devices().create(unique("labels"), labels, FINGERPRINT, IN_A_YEAR);

        Device read = devices().byId(d.id()).orElseThrow();
        assertThat(read.labels()).isEqualTo(labels);
        assertThat(List.copyOf(read.labels().keySet())).isSorted();

        devices().setLabels(d.id(), Map.of("only", "this"));
        assertThat(devices().byId(d.id()).orElseThrow().labels()).containsExactly(Map.entry("only", "this"));
        devices().setLabels(d.id(), Map.of());
        assertThat(devices().byId(d.id()).orElseThrow().labels()).isEmpty();
    }

    @Test
    default void listIsSortedByName() {
        String prefix = unique("list");
        Device b = devices().create(prefix + "-b", Map.of(), FINGERPRINT, IN_A_YEAR);
        Device a = devices().create(prefix + "-a", Map.of(), FINGERPRINT, IN_A_YEAR);

        // the database's collation orders names; a and b differ only in their last letter
        assertThat(devices().list()).containsSubsequence(a, b);
    }

    @Test
    default void markOnlineThenOffline() {
        Device d = newDevice();
        Instant t1 = now();
        devices().markOnline(d.id(), "node-1", "203.0.113.7:50123", "1.2.3", t1);

        Device online = devices().byId(d.id()).orElseThrow();
        assertThat(online.online()).isTrue();
        assertThat(online.onlineNode()).isEqualTo("node-1");
        assertThat(online.lastAddress()).isEqualTo("203.0.113.7:50123");
        assertThat(online.agentVersion()).isEqualTo("1.2.3");
        assertThat(online.lastSeenAt()).isEqualTo(t1);

        Instant t2 = t1.plusSeconds(5);
        devices().markOffline(d.id(), t2);
        Device offline = devices().byId(d.id()).orElseThrow();
        assertThat(offline.online()).isFalse();
        assertThat(offline.onlineNode()).isNull();
        assertThat(offline.lastSeenAt()).isEqualTo(t2);
        assertThat(offline.lastAddress()).as("kept for the record").isEqualTo("203.0.113.7:50123");
        assertThat(offline.agentVersion()).isEqualTo("1.2.3");
    }

    @Test
    default void markOfflineFromAnotherNodeLeavesTheDeviceOnline() {
        Device d = newDevice();
        Instant t = now();
        devices().markOnline(d.id(), "node-b", "198.51.100.1:1", null, t);

        assertThat(devices().markOffline(d.id(), "node-a", t.plusSeconds(1))).isFalse();
        assertThat(devices().byId(d.id()).orElseThrow().onlineNode()).isEqualTo("node-b");

        assertThat(devices().markOffline(d.id(), "node-b", t.plusSeconds(2))).isTrue();
        assertThat(devices().byId(d.id()).orElseThrow().online()).isFalse();
    }

    @Test
    default void markAllOfflineTouchesOnlyThatNode() {
        String node = unique("node");
        String other = unique("node");
        Device a = newDevice();
        Device b = newDevice();
        Device c = newDevice();
        Instant t = now();
        devices().markOnline(a.id(), node, "192.0.2.1:1", "1", t);
        devices().markOnline(b.id(), node, "192.0.2.2:1", "1", t);
        devices().markOnline(c.id(), other, "192.0.2.3:1", "1", t);

        assertThat(devices().markAllOffline(node)).isEqualTo(2);
        assertThat(devices().byId(a.id()).orElseThrow().online()).isFalse();
        assertThat(devices().byId(b.id()).orElseThrow().onlineNode()).isNull();
        assertThat(devices().byId(c.id()).orElseThrow().online()).isTrue();
        assertThat(devices().markAllOffline(node)).isZero();
    }

    @Test
    default void touchNeverMovesLastSeenBackwards() {
        Device d = newDevice();
        Instant t = now();
        devices().touch(d.id(), t);
        assertThat(devices().byId(d.id()).orElseThrow().lastSeenAt()).isEqualTo(t);
        devices().touch(d.id(), t.minusSeconds(60));
        assertThat(devices().byId(d.id()).orElseThrow().lastSeenAt()).isEqualTo(t);
        devices().touch(d.id(), t.plusSeconds(60));
        assertThat(devices().byId(d.id()).orElseThrow().lastSeenAt()).isEqualTo(t.plusSeconds(60));
    }

    @Test
    default void renewalIsCompareAndSetAndThePreviousCertificateMayRenewOnlyUntilTheRenewedOneConnects() {
        Device d = newDevice(); // FINGERPRINT
        String second = "12".repeat(32);
        String third = "34".repeat(32);
        String fourth = "56".repeat(32);

        assertThat(devices().renewCertificate(d.id(), FINGERPRINT, OTHER_FINGERPRINT, IN_A_YEAR)).isTrue();
        // the answer never reached the agent: it renews again with the certificate it still has
        assertThat(devices().renewCertificate(d.id(), FINGERPRINT, second, IN_A_YEAR)).isTrue();
        assertThat(devices().byId(d.id()).orElseThrow().certFingerprint()).isEqualTo(second);
        assertThat(devices().renewCertificate(d.id(), OTHER_FINGERPRINT, third, IN_A_YEAR))
                .as("the certificate in between is neither current nor previous").isFalse();

        devices().markOnline(d.id(), "n1", "192.0.2.1:1", "1.0", now()); // the renewed one connected
        assertThat(devices().renewCertificate(d.id(), FINGERPRINT, third, IN_A_YEAR)).isFalse();
        assertThat(devices().byId(d.id()).orElseThrow().certFingerprint()).isEqualTo(second);
        assertThat(devices().renewCertificate(d.id(), second, third, IN_A_YEAR)).isTrue();

        devices().updateCertificate(d.id(), fourth, IN_A_YEAR); // enrolled again: no earlier certificate renews
        assertThat(devices().renewCertificate(d.id(), third, FINGERPRINT, IN_A_YEAR)).isFalse();
        assertThat(devices().renewCertificate("d_missing", FINGERPRINT, second, IN_A_YEAR)).isFalse();
    }

    @Test
    default void updateCertificateStoresLowerCaseFingerprint() {
        Device d = newDevice();
        Instant notAfter = IN_A_YEAR.plus(30, ChronoUnit.DAYS);
        devices().updateCertificate(d.id(), OTHER_FINGERPRINT.toUpperCase(), notAfter);

        Device renewed = devices().byId(d.id()).orElseThrow();
        assertThat(renewed.certFingerprint()).isEqualTo(OTHER_FINGERPRINT);
        assertThat(renewed.certNotAfter()).isEqualTo(notAfter);
        assertThatThrownBy(() -> devices().updateCertificate(d.id(), "not-hex", notAfter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certFingerprint")
                .hasMessageContaining("expected: 64 hex digits");
    }

    @Test
    default void setDisabledAndDelete() {
        Device d = newDevice();
        devices().setDisabled(d.id(), true);
        assertThat(devices().byId(d.id()).orElseThrow().disabled()).isTrue();
        devices().setDisabled(d.id(), false);
        assertThat(devices().byId(d.id()).orElseThrow().disabled()).isFalse();

        assertThat(devices().delete(d.id())).isTrue();
        assertThat(devices().byId(d.id())).isEmpty();
        assertThat(devices().delete(d.id())).isFalse();
        // the name is free again
        assertThat(devices().create(d.name(), Map.of(), FINGERPRINT, IN_A_YEAR).id()).isNotEqualTo(d.id());
    }

    @Test
    default void updatesOfAnUnknownDeviceSayNotFound() {
        String id = "d_unknown";
        Instant t = now();
        List<Runnable> updates = List.of(
                () -> devices().markOnline(id, "n", "a", "v", t),
                () -> devices().markOffline(id, t),
                () -> devices().markOffline(id, "n", t),
                () -> devices().touch(id, t),
                () -> devices().updateCertificate(id, FINGERPRINT, IN_A_YEAR),
                () -> devices().setDisabled(id, true),
                () -> devices().setLabels(id, Map.of()));
        for (Runnable update : updates) {
            assertThatThrownBy(update::run).isInstanceOf(NotFoundException.class).hasMessageContaining(id);
        }
    }

    @Test
    default void instantsKeepMicrosecondsAndComeBackAsTheSameInstant() {
        Instant precise = Instant.parse("2031-02-03T04:05:06.123456789Z");
        Device d = devices().create(unique("precise"), Map.of(), FINGERPRINT, precise);
        assertThat(d.certNotAfter()).isEqualTo(Instant.parse("2031-02-03T04:05:06.123456Z"));
        assertThat(devices().byId(d.id()).orElseThrow().certNotAfter()).isEqualTo(d.certNotAfter());
        assertThat(d.createdAt()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
    }

    @Test
    default void badInputIsRefusedBeforeTheDatabase() {
        assertThatThrownBy(() -> devices().create(" ", Map.of(), FINGERPRINT, IN_A_YEAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name: ");
        assertThatThrownBy(() -> devices().create("x".repeat(129), Map.of(), FINGERPRINT, IN_A_YEAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: 1..128");
        assertThatThrownBy(() -> devices().create(unique("bad"), Map.of("", "v"), FINGERPRINT, IN_A_YEAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("labels key: ");
        assertThatThrownBy(() -> devices().create(unique("bad"), Map.of(), FINGERPRINT, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("certNotAfter: null");
        assertThatThrownBy(() -> devices().markOnline("d_x", "n".repeat(200), "a", "v", now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("node: ");
    }

    @Test
    default void servicesCanBeDisabledAndEnabledOnTheRelaySide() {
        Device d = newDevice();
        assertThat(d.disabledServices()).isEmpty();
        assertThat(devices().setServiceDisabled(d.id(), "ssh", true)).isTrue();
        assertThat(devices().setServiceDisabled(d.id(), "ssh", true)).as("already disabled").isFalse();
        assertThat(devices().setServiceDisabled(d.id(), "web", true)).isTrue();

        Device read = devices().byId(d.id()).orElseThrow();
        assertThat(read.disabledServices()).containsExactly("ssh", "web");
        assertThat(read.isServiceDisabled("ssh")).isTrue();
        assertThat(devices().byName(d.name()).orElseThrow().disabledServices()).containsExactly("ssh", "web");
        assertThat(devices().list().stream().filter(x -> x.id().equals(d.id())).findFirst().orElseThrow()
                .disabledServices()).containsExactly("ssh", "web");

        assertThat(devices().setServiceDisabled(d.id(), "ssh", false)).isTrue();
        assertThat(devices().setServiceDisabled(d.id(), "ssh", false)).isFalse();
        assertThat(devices().byId(d.id()).orElseThrow().disabledServices()).containsExactly("web");
        assertThatThrownBy(() -> devices().setServiceDisabled("d_unknown", "ssh", true))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("d_unknown");
    }

    @Test
    default void deleteRevokesTheCertificateItHeldAndDropsItsDisabledServices() {
        String fingerprint = "0123456789abcdef".repeat(3) + Long.toHexString(System.nanoTime() | (1L << 60));
        Device d = devices().create(unique("gone"), Map.of(), fingerprint, IN_A_YEAR);
        devices().setServiceDisabled(d.id(), "ssh", true);
        Instant before = now();

        assertThat(devices().delete(d.id(), "deleted by admin")).isTrue();
        assertThat(devices().delete(d.id(), "again")).isFalse();
        assertThat(devices().byId(d.id())).isEmpty();
        RevokedCertificate revoked = devices().revokedCertificate(fingerprint).orElseThrow();
        assertThat(revoked.deviceId()).isEqualTo(d.id());
        assertThat(revoked.deviceName()).isEqualTo(d.name());
        assertThat(revoked.reason()).isEqualTo("deleted by admin");
        assertThat(revoked.revokedAt()).isBetween(before, now());
        assertThat(devices().revokedCertificate(OTHER_FINGERPRINT)).isEmpty();
    }
}
