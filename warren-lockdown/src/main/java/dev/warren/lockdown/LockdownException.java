package dev.warren.lockdown;

/** Lockdown cannot go on: nft is missing, not root, the relay name does not resolve, nft refused the rules. */
public final class LockdownException extends RuntimeException {
    public LockdownException(String message) {
        super(message);
    }

    public LockdownException(String message, Throwable cause) {
        super(message, cause);
    }
}
