package dev.warren.pki;

/** A certificate, key, CSR or PEM file that cannot be made, read or used; the message says which and why. */
public class PkiException extends RuntimeException {

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
