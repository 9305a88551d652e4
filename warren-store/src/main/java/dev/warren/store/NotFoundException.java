package dev.warren.store;

/** An update named a row (device, user, token, session) that does not exist. */
public class NotFoundException extends StoreException {
    public NotFoundException(String message) {
        super(message);
    }
}
