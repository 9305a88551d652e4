package dev.warren.relay;

import dev.warren.api.auth.Principal;
import dev.warren.protocol.ErrorCode;
import dev.warren.store.ApiToken;
import dev.warren.store.Device;
import dev.warren.store.Grant;
import dev.warren.store.User;
import dev.warren.store.UserCertificate;
import dev.warren.store.WarrenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who may open a stream to what: deny by default. Consulted once per operator (or device forwarder) stream, at open (a few indexed lookups on
 * a blocking thread); never per byte. The grant an open is allowed under then ends the stream at its expiry by a
 * timer ({@link StreamRouter}), and at its revocation by {@link RelayActions}.
 *
 * <ul>
 *   <li>Admins need no grant (they can create one anyway); their opens are not checked here.
 *   <li>Auditors open no streams.
 *   <li>A device (its agent's service forwarder) needs a live device-to-device grant it holds, checked like an
 *       operator's; the device itself must still exist and be enabled.
 *   <li>An operator needs a live grant (not expired, not revoked) that covers the device, by id or by label selector,
 *       and the service (or {@code *}). The user must still be enabled and the credential of the session still valid.
 *   <li>A device the operator holds no grant on (none in the last {@value #HISTORY_DAYS} days) is refused exactly as
 *       a device that does not exist: NO_SUCH_DEVICE, "no device named 'x'". Only someone who was granted the device
 *       learns that it exists, and why they cannot reach it now (FORBIDDEN, naming the grant that is missing or
 *       ended).
 * </ul>
 */
final class AccessControl {
    static final int HISTORY_DAYS = 30;

    private final WarrenStore store;
    private final Clock clock;

    AccessControl(WarrenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What {@link #decide} found. */
    sealed interface Decision {
        /** Allowed, under {@code grant}, to {@code device}. */
        record Allowed(Device device, Grant grant) implements Decision {}

        /**
         * Refused with {@code code} and {@code reason} on the wire; {@code forAdmin}, when not null, is what the relay's
         * log and audit add for its admins where the wire answer hides the truth (a device that exists, unknown).
         */
        record Refused(ErrorCode code, String reason, String forAdmin) implements Decision {
            Refused(ErrorCode code, String reason) {
                this(code, reason, null);
            }
        }
    }

    static String noDevice(String device) {
        return "no device named '" + device + "'";
    }

    /** BLOCKING (store). May operator {@code p} open {@code service} of {@code deviceName}? */
    Decision decide(Principal p, String deviceName, String service) {
        Instant now = clock.instant();
        Optional<String> credential = credentialProblem(p, now);
        if (credential.isPresent()) {
            return new Decision.Refused(ErrorCode.UNAUTHENTICATED, credential.get());
        }
        List<Grant> grants = store.grants().ofUser(p.userId(), now.minus(Duration.ofDays(HISTORY_DAYS)));
        return decideUnder(grants, p.name(), deviceName, service, now,
                "; ask an admin, or: warren access request --device %s --service %s");
    }

    /**
     * BLOCKING (store). May the agent of {@code from} forward a connection to {@code service} of {@code deviceName}?
     * Only under a device-to-device grant that {@code from} holds; otherwise as for operators.
     */
    Decision decideForDevice(DeviceIdentity from, String deviceName, String service) {
        Instant now = clock.instant();
        Optional<Device> self = store.devices().byId(from.id());
        if (self.isEmpty()) {
            return new Decision.Refused(ErrorCode.UNAUTHENTICATED, "device '" + from.name() + "' no longer exists");
        }
        if (self.get().disabled()) {
            return new Decision.Refused(ErrorCode.DEVICE_DISABLED, "device '" + from.name()
                    + "' is disabled by an admin");
        }
        List<Grant> grants = store.grants().ofDevice(from.id(), now.minus(Duration.ofDays(HISTORY_DAYS)));
        return decideUnder(grants, "device " + from.name(), deviceName, service, now,
                "; ask an admin: warren admin grant create --from-device " + from.name()
                        + " --device %s --service %s --for 8h --reason ...");
    }

    /** The decision once the holder's grants are known; {@code ask} says how to get one ({@code %s}: device, service). */
    private Decision decideUnder(List<Grant> grants, String holder, String deviceName, String service, Instant now,
            String ask) {
        Optional<Device> found = store.devices().byName(deviceName);
        if (found.isEmpty()) {
            found = store.devices().byId(deviceName);
        }
        if (found.isEmpty()) {
            return new Decision.Refused(ErrorCode.NO_SUCH_DEVICE, noDevice(deviceName));
        }
        Device device = found.get();
        List<Grant> onDevice = grants.stream().filter(g -> g.covers(device.id(), device.labels())).toList();
        if (onDevice.isEmpty()) {
            return new Decision.Refused(ErrorCode.NO_SUCH_DEVICE, noDevice(deviceName), "device '" + device.name()
                    + "' exists, but no grant for " + holder + " covers it (answered as unknown, to keep it hidden)");
        }
        Optional<Grant> live = onDevice.stream().filter(g -> g.isLive(now) && g.allows(service))
                .max(Comparator.comparing(Grant::expiresAt));
        if (live.isEmpty()) {
            return new Decision.Refused(ErrorCode.FORBIDDEN, missing(holder, device, service, onDevice, now,
                    String.format(ask, device.name(), service)));
        }
        if (device.disabled()) {
            return new Decision.Refused(ErrorCode.DEVICE_DISABLED, "device '" + device.name()
                    + "' is disabled by an admin");
        }
        if (device.isServiceDisabled(service)) {
            return new Decision.Refused(ErrorCode.NO_SUCH_SERVICE, disabledService(device.name(), service));
        }
        return new Decision.Allowed(device, live.get());
    }

    static String disabledService(String device, String service) {
        return "service '" + service + "' of device '" + device + "' is disabled by an admin";
    }

    /** Says which grant is missing: the one for this service that ended, or which services the live ones cover. */
    private static String missing(String holder, Device device, String service, List<Grant> onDevice, Instant now,
            String ask) {
        String wanted = device.name() + "/" + service;
        Optional<Grant> ended = onDevice.stream().filter(g -> g.allows(service))
                .max(Comparator.comparing(Grant::endsAt));
        if (ended.isPresent()) {
            Grant g = ended.get();
            String how = g.revokedAt() != null && g.revokedAt().isBefore(g.expiresAt())
                    ? "was revoked at " + seconds(g.revokedAt()) + " by " + g.revokedBy()
                    : "expired at " + seconds(g.expiresAt());
            return "no live grant for " + holder + " on " + wanted + ": grant " + g.id() + " ("
                    + g.describeTarget(device.name()) + ") " + how + ask;
        }
        String covered = onDevice.stream().filter(g -> g.isLive(now))
                .map(g -> g.service() + " until " + seconds(g.expiresAt())).distinct()
                .collect(Collectors.joining(", "));
        return "no grant for " + holder + " on " + wanted + " (your live grants on " + device.name() + " cover: "
                + (covered.isEmpty() ? "nothing" : covered) + ")" + ask;
    }

    /** The user must still be enabled and the session's credential still valid (revocations reach open sessions). */
    private Optional<String> credentialProblem(Principal p, Instant now) {
        Optional<User> user = store.users().byId(p.userId());
        if (user.isEmpty()) {
            return Optional.of("user '" + p.name() + "' no longer exists");
        }
        if (user.get().disabled()) {
            return Optional.of("user '" + p.name() + "' is disabled");
        }
        if (p.tokenId() != null) {
            Optional<ApiToken> token = store.users().tokenById(p.tokenId());
            if (token.isEmpty() || token.get().revokedAt() != null) {
                return Optional.of("API token revoked");
            }
            if (token.get().expiresAt() != null && !now.isBefore(token.get().expiresAt())) {
                return Optional.of("API token expired at " + seconds(token.get().expiresAt()));
            }
        } else {
            Optional<UserCertificate> cert = store.users().certificate(p.certFingerprint());
            if (cert.isEmpty() || !cert.get().isUsable(now)) {
                return Optional.of("user certificate revoked or expired");
            }
        }
        return Optional.empty();
    }

    private static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }
}
