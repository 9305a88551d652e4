package dev.warren.store;

/** A unique name or id (device name, user name, token id, session id) is already taken. */
public class DuplicateNameException extends StoreException {
    public DuplicateNameException(String message) {
        super(message);
    }
}
