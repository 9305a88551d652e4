package dev.warren.gateway;

import java.security.SecureRandom;

/** The password the gateway generates when it is given no htpasswd file. */
public final class GatewayPasswords {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private GatewayPasswords() {}

    /** 64 characters from [A-Za-z0-9] (~381 bits): safe in a URL's user-info and in shell without quoting. */
    public static String generate() {
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
