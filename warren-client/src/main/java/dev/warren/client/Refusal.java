package dev.warren.client;

import dev.warren.protocol.ErrorCode;

/** A stream the relay or the device refused, and whether trying again could help. */
public record Refusal(ErrorCode code, String reason) {

    /** Unknown device or service, or not allowed: the same open will be refused again. */
    public boolean permanent() {
        return switch (code) {
            case NO_SUCH_DEVICE, NO_SUCH_SERVICE, FORBIDDEN, UNAUTHENTICATED, DEVICE_DISABLED, UNSUPPORTED_VERSION -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return reason + " (" + code + ")";
    }
}
