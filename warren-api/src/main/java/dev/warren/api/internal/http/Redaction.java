package dev.warren.api.internal.http;

import java.util.regex.Pattern;

/** Masks what looks like a token in text that echoes caller input (paths, JSON errors), before it is logged or sent. */
public final class Redaction {
    private static final Pattern TOKEN = Pattern.compile("\\b(wat1|wet1)\\.[A-Za-z0-9._~%-]*");
    /** A run of base64url characters as long as a secret (32 bytes: 43 characters) may be a bare secret. */
    private static final Pattern LONG_SECRET = Pattern.compile("[A-Za-z0-9_-]{43,}");
    private static final int MAX = 200;

    private Redaction() {}

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = TOKEN.matcher(text).replaceAll("$1.****");
        s = LONG_SECRET.matcher(s).replaceAll("****");
        s = s.replaceAll("\\p{Cntrl}", "?");
        return s.length() > MAX ? s.substring(0, MAX) + "…" : s;
    }
}
