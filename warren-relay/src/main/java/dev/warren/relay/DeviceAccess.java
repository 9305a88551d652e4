package dev.warren.relay;

import dev.warren.protocol.ErrorCode;
import dev.warren.store.Device;
import dev.warren.store.DeviceGrant;
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
 * May a device (an agent's forwarder) open a stream to a service of another device? Deny by default: the source device
 * must still be enabled and hold a live device-to-device grant on the target device that covers the service. Consulted
 * once per forwarded connection, at open, on a blocking thread. Unlike an operator, a device learns why it is refused
 * (its admin configured the forwarder, and the agent's log is where they look): unknown device, no grant, grant ended,
 * device disabled, service disabled.
 */
final class DeviceAccess {
    private final WarrenStore store;
    private final Clock clock;

    DeviceAccess(WarrenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** BLOCKING (store). */
    AccessControl.Decision decide(DeviceIdentity from, String deviceName, String service) {
        Instant now = clock.instant();
        Optional<Device> source = store.devices().byId(from.id());
        if (source.isEmpty() || source.get().disabled()) {
            return new AccessControl.Decision.Refused(ErrorCode.DEVICE_DISABLED, "device '" + from.name()
                    + "' is disabled or deleted: it may not open streams");
        }
        Optional<Device> found = store.devices().byName(deviceName);
        if (found.isEmpty()) {
            found = store.devices().byId(deviceName);
        }
        if (found.isEmpty()) {
            return new AccessControl.Decision.Refused(ErrorCode.NO_SUCH_DEVICE, AccessControl.noDevice(deviceName));
        }
        Device device = found.get();
        List<DeviceGrant> onDevice = store.deviceGrants()
                .ofSource(from.id(), now.minus(Duration.ofDays(AccessControl.HISTORY_DAYS))).stream()
                .filter(g -> g.deviceId().equals(device.id())).toList();
        Optional<DeviceGrant> live = onDevice.stream().filter(g -> g.isLive(now) && g.allows(service))
                .max(Comparator.comparing(DeviceGrant::expiresAt));
        if (live.isEmpty()) {
            return new AccessControl.Decision.Refused(ErrorCode.FORBIDDEN, missing(from, device, service, onDevice, now));
        }
        if (device.disabled()) {
            return new AccessControl.Decision.Refused(ErrorCode.DEVICE_DISABLED, "device '" + device.name()
                    + "' is disabled by an admin");
        }
        if (device.isServiceDisabled(service)) {
            return new AccessControl.Decision.Refused(ErrorCode.NO_SUCH_SERVICE,
                    AccessControl.disabledService(device.name(), service));
        }
        return new AccessControl.Decision.Allowed(device, live.get().id(), live.get().expiresAt());
    }

    private static String missing(DeviceIdentity from, Device device, String service, List<DeviceGrant> onDevice,
            Instant now) {
        String wanted = device.name() + "/" + service;
        String ask = "; an admin can allow it: warren admin grant create --device-from " + from.name() + " --device "
                + device.name() + " --service " + service + " --for DURATION --reason WHY";
        Optional<DeviceGrant> ended = onDevice.stream().filter(g -> g.allows(service))
                .max(Comparator.comparing(DeviceGrant::endsAt));
        if (ended.isPresent()) {
            DeviceGrant g = ended.get();
            String how = g.revokedAt() != null && g.revokedAt().isBefore(g.expiresAt())
                    ? "was revoked at " + g.revokedAt().truncatedTo(ChronoUnit.SECONDS) + " by " + g.revokedBy()
                    : "expired at " + g.expiresAt().truncatedTo(ChronoUnit.SECONDS);
            return "no live device-to-device grant for device '" + from.name() + "' on " + wanted + ": grant " + g.id()
                    + " " + how + ask;
        }
        String covered = onDevice.stream().filter(g -> g.isLive(now)).map(DeviceGrant::service).distinct()
                .collect(Collectors.joining(", "));
        return "no device-to-device grant for device '" + from.name() + "' on " + wanted
                + (covered.isEmpty() ? "" : " (its live grants there cover: " + covered + ")") + ask;
    }
}
