package dev.warren.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Apache's {@code $apr1$} MD5 crypt (Poul-Henning Kamp's md5crypt with another magic), only to verify old files. */
final class Md5Crypt {
    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String MAGIC = "$apr1$";

    private Md5Crypt() {}

    static String apr1(String password, String salt) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        String s = salt.length() > 8 ? salt.substring(0, 8) : salt;
        byte[] sb = s.getBytes(StandardCharsets.UTF_8);
        MessageDigest ctx = md5();
        ctx.update(pw);
        ctx.update(MAGIC.getBytes(StandardCharsets.US_ASCII));
        ctx.update(sb);
        MessageDigest alt = md5();
        alt.update(pw);
        alt.update(sb);
        alt.update(pw);
        byte[] fin = alt.digest();
        for (int pl = pw.length; pl > 0; pl -= 16) {
            ctx.update(fin, 0, Math.min(pl, 16));
        }
        for (int i = pw.length; i != 0; i >>>= 1) {
            if ((i & 1) != 0) {
                ctx.update((byte) 0);
            } else {
                ctx.update(pw, 0, 1);
            }
        }
        fin = ctx.digest();
        for (int i = 0; i < 1000; i++) {
            MessageDigest c = md5();
            if ((i & 1) != 0) {
                c.update(pw);
            } else {
                c.update(fin, 0, 16);
            }
            if (i % 3 != 0) {
                c.update(sb);
            }
            if (i % 7 != 0) {
                c.update(pw);
            }
            if ((i & 1) != 0) {
                c.update(fin, 0, 16);
            } else {
                c.update(pw);
            }
            fin = c.digest();
        }
        StringBuilder out = new StringBuilder(MAGIC).append(s).append('$');
        to64(out, (b(fin[0]) << 16) | (b(fin[6]) << 8) | b(fin[12]), 4);
        to64(out, (b(fin[1]) << 16) | (b(fin[7]) << 8) | b(fin[13]), 4);
        to64(out, (b(fin[2]) << 16) | (b(fin[8]) << 8) | b(fin[14]), 4);
        to64(out, (b(fin[3]) << 16) | (b(fin[9]) << 8) | b(fin[15]), 4);
        to64(out, (b(fin[4]) << 16) | (b(fin[10]) << 8) | b(fin[5]), 4);
        to64(out, b(fin[11]), 2);
        return out.toString();
    }

    private static int b(byte x) {
        return x & 0xff;
    }

    private static void to64(StringBuilder out, int v, int n) {
        for (int i = 0; i < n; i++) {
            out.append(ITOA64.charAt(v & 0x3f));
            v >>>= 6;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
