package dev.warren.transport;

import dev.warren.protocol.ErrorCode;

/**
 * Why a dial to the relay failed, in words for the person who runs the command: which stage (connect, proxy, TLS,
 * protocol, refused by the relay) and the cause.
 */
public final class DialException extends Exception {
    public enum Stage {
        CONNECT,
        PROXY,
        TLS,
        PROTOCOL,
        REFUSED
    }

    private final Stage stage;
    private final ErrorCode code;

    public DialException(Stage stage, ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.code = code;
    }

    public Stage stage() {
        return stage;
    }

    /** The relay's refusal code for {@link Stage#REFUSED}, else null. */
    public ErrorCode code() {
        return code;
    }

    /** True when trying again later could succeed (the network, not the credentials, failed). */
    public boolean retryable() {
        return switch (stage) {
            case CONNECT, PROXY -> true;
            case TLS, PROTOCOL -> false;
            case REFUSED -> code == ErrorCode.SHUTTING_DOWN || code == ErrorCode.INTERNAL_ERROR
                    || code == ErrorCode.CANCELLED || code == ErrorCode.TIMEOUT;
        };
    }
}
