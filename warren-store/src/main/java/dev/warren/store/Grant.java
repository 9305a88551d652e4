package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Lets one holder reach one service ({@value #ANY_SERVICE}: any) of one device (by id) or of every device whose labels
 * include {@code selector}, from its creation until {@code expiresAt}, or until it is revoked. The holder is a user
 * (an operator) or a device (whose agent forwards local connections to the service): exactly one of {@code userId}
 * and {@code fromDeviceId}.
 *
 * @param userId         the user holding it, or {@code null} for a device-to-device grant
 * @param userName       the user's name, read with the grant (users are never deleted); {@code null} with no user
 * @param fromDeviceId   the device holding it, or {@code null} for a user's grant
 * @param fromDeviceName that device's name, read with the grant; {@code null} if the device was deleted since
 * @param deviceId    the device, or {@code null} when the grant names a selector
 * @param selector    labels a device must all carry; empty when the grant names a device
 * @param revokedAt   {@code null} unless revoked
 * @param revokedBy   who revoked it; {@code null} unless revoked
 * @param requestId   the access request it answered; nullable
 */
public record Grant(
        String id,
        String userId,
        String userName,
        String fromDeviceId,
        String fromDeviceName,
        String deviceId,
        Map<String, String> selector,
        String service,
        String reason,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        String revokedBy,
        String requestId) {

    /** The service of a grant that covers every service of its devices. */
    public static final String ANY_SERVICE = "*";
    public static final int MAX_REASON = 512;
    /** The longest a grant may last: the API refuses more, and the CLI says so in its own terms first. */
    public static final Duration MAX_DURATION = Duration.ofDays(90);
    public static final int MAX_SELECTOR = 16;

    public Grant {
        Checks.text("id", id, Checks.ID);
        Checks.optionalText("userId", userId, Checks.ID);
        Checks.optionalText("fromDeviceId", fromDeviceId, Checks.ID);
        if ((userId == null) == (fromDeviceId == null)) {
            throw new IllegalArgumentException("userId: " + userId + " with fromDeviceId: " + fromDeviceId
                    + " (expected: a user or a device holds a grant, exactly one)");
        }
        if ((userId == null) != (userName == null)) {
            throw new IllegalArgumentException("userName: " + userName + " with userId: " + userId
                    + " (expected: both set for a user's grant, both null for a device's)");
        }
        Checks.optionalText("userName", userName, Checks.NAME);
        Checks.optionalText("fromDeviceName", fromDeviceName, Checks.NAME);
        Checks.optionalText("deviceId", deviceId, Checks.ID);
        selector = Checks.labels(selector == null ? Map.of() : selector);
        if ((deviceId == null) == selector.isEmpty()) {
            throw new IllegalArgumentException("deviceId: " + deviceId + " with selector: " + selector
                    + " (expected: a device id or a non-empty label selector, not both)");
        }
        if (selector.size() > MAX_SELECTOR) {
            throw new IllegalArgumentException("selector: " + selector.size() + " labels (expected: at most "
                    + MAX_SELECTOR + ")");
        }
        Checks.text("service", service, Checks.NAME);
        Checks.text("reason", reason, MAX_REASON);
        Checks.text("createdBy", createdBy, Checks.NAME);
        createdAt = Checks.instant("createdAt", createdAt);
        expiresAt = Checks.instant("expiresAt", expiresAt);
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("expiresAt: " + expiresAt + " (expected: after createdAt " + createdAt
                    + ")");
        }
        revokedAt = Checks.optionalInstant(revokedAt);
        Checks.optionalText("revokedBy", revokedBy, Checks.NAME);
        if ((revokedAt == null) != (revokedBy == null)) {
            throw new IllegalArgumentException("revokedBy: " + revokedBy + " with revokedAt: " + revokedAt
                    + " (expected: both null, or both set)");
        }
        Checks.optionalText("requestId", requestId, Checks.ID);
    }

    /** Whether a device holds it (device-to-device), rather than a user. */
    public boolean heldByDevice() {
        return fromDeviceId != null;
    }

    /** Who holds it, for messages: the user's name, or {@code device NAME} (its id once deleted). */
    public String holder() {
        return userId != null ? userName : "device " + (fromDeviceName != null ? fromDeviceName : fromDeviceId);
    }

    /** Not revoked and not expired at {@code now}. */
    public boolean isLive(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    /** When it stopped (or will stop) letting anyone in: its revocation, else its expiry. */
    public Instant endsAt() {
        return revokedAt != null && revokedAt.isBefore(expiresAt) ? revokedAt : expiresAt;
    }

    /** Whether it names this device: by id, or by a selector its labels satisfy. */
    public boolean covers(String deviceId, Map<String, String> labels) {
        if (this.deviceId != null) {
            return this.deviceId.equals(deviceId);
        }
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether it covers {@code service} ({@value #ANY_SERVICE} covers them all). */
    public boolean allows(String service) {
        return ANY_SERVICE.equals(this.service) || this.service.equals(service);
    }

    /** {@code dev-id/ssh} or {@code site=plant-b/ssh}, for messages. */
    public String describeTarget(String deviceName) {
        String device = deviceId != null ? (deviceName != null ? deviceName : deviceId) : selectorText(selector);
        return device + "/" + service;
    }

    /** A selector as people write it: {@code k=v,k2=v2}. */
    public static String selectorText(Map<String, String> selector) {
        StringBuilder sb = new StringBuilder();
        selector.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    /**
     * A selector as people write it, the other way round: {@code key=value} pairs separated by commas or line breaks
     * (a form's text area), keys and values trimmed, blank parts skipped; the labels' own limits are checked where
     * they are stored. The API, the dashboard's grant form and {@code warren admin grant create} all read it here.
     *
     * @throws SelectorSyntaxException naming the first part that is not {@code key=value}, or none when there is no
     *                                 label at all
     */
    public static Map<String, String> selectorOf(String text) {
        Map<String, String> selector = new java.util.LinkedHashMap<>();
        for (String part : text.split("[,\\r\\n]")) {
            String pair = part.strip();
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new SelectorSyntaxException(pair);
            }
            selector.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        if (selector.isEmpty()) {
            throw new SelectorSyntaxException(null);
        }
        return selector;
    }

    /**
     * A selector's text that is not {@code key=value} pairs. The message holds no input (it may be anything typed);
     * {@link #part()} is the first part that is not a pair, {@code null} when there was no label at all.
     */
    public static final class SelectorSyntaxException extends IllegalArgumentException {
        private final String part;

        SelectorSyntaxException(String part) {
            super(part == null ? "no label" : "a part is not key=value");
            this.part = part;
        }

        public String part() {
            return part;
        }
    }
}
