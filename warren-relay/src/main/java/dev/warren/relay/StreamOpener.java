package dev.warren.relay;

import dev.warren.api.auth.Principal;

/**
 * Who opens a stream: an operator (a user's session) or a device whose agent forwards a local connection to a
 * service of another device. Sessions, audit events and refusals name it by {@link #name}.
 *
 * @param name       the operator's user name, or {@code device:NAME} for a device
 * @param userId     the operator's user id; {@code null} for a device
 * @param credential what authenticated the operator (API token id or certificate fingerprint); {@code null} for a device
 * @param fromDevice the device that opens; {@code null} for an operator
 */
record StreamOpener(String name, String userId, String credential, DeviceIdentity fromDevice) {
    static final String DEVICE_PREFIX = "device:";

    static StreamOpener operator(Principal p) {
        return new StreamOpener(p.name(), p.userId(), p.tokenId() != null ? p.tokenId() : p.certFingerprint(), null);
    }

    static StreamOpener device(DeviceIdentity device) {
        return new StreamOpener(DEVICE_PREFIX + device.name(), null, null, device);
    }

    boolean isDevice() {
        return fromDevice != null;
    }
}
