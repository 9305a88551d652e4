package dev.warren.store;

/**
 * A store operation failed. The message names the operation (e.g. {@code "devices.markOnline"}) and
 * never carries a password or a secret hash.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
