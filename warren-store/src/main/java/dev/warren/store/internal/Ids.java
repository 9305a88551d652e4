package dev.warren.store.internal;

import java.security.SecureRandom;

/** Random ids: a prefix and 16 lowercase base32 characters (80 bits). */
final class Ids {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int LENGTH = 16;

    private Ids() {}

    static String next(String prefix) {
        byte[] bytes = new byte[LENGTH * 5 / 8];
        RANDOM.nextBytes(bytes);
        StringBuilder id = new StringBuilder(prefix.length() + LENGTH).append(prefix);
        long bits = 0;
        int count = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xff);
            count += 8;
            while (count >= 5) {
                count -= 5;
                id.append(BASE32[(int) (bits >>> count) & 31]);
            }
        }
        return id.toString();
    }
}
