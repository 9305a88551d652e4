package dev.warren.mtls.internal;

/** Why a handshake failed or a peer was refused; {@link #label} is the metrics tag. */
public enum RefusalReason {
    OTHER_CA("other_ca"),
    EXPIRED("expired"),
    NOT_YET_VALID("not_yet_valid"),
    NAME_NOT_ALLOWED("name_not_allowed"),
    SERVER_NAME_MISMATCH("server_name_mismatch"),
    BAD_CERTIFICATE("bad_certificate"),
    NO_CERTIFICATE("no_certificate"),
    PROTOCOL("protocol"),
    TIMEOUT("timeout"),
    CLOSED("closed"),
    OTHER("other");

    private final String label;

    RefusalReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
