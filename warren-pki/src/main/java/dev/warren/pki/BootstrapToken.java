package dev.warren.pki;

import java.util.regex.Pattern;

/**
 * An enrollment (bootstrap) token: {@code wet1.<id>.<secret>.<ca pin>}. The id finds the token on the relay, the secret
 * proves possession, and the pin (SHA-256 of the relay CA's public key, base64url) lets the agent authenticate the
 * relay before it has the CA certificate, so enrollment never trusts an unknown relay.
 */
public record BootstrapToken(String id, String secret, String caPin) {
    public static final String PREFIX = "wet1";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern B64URL_256 = Pattern.compile("[A-Za-z0-9_-]{43}");

    public BootstrapToken {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("enrollment token id: '" + id + "' (expected: 16 lowercase hex digits)");
        }
        if (secret == null || !B64URL_256.matcher(secret).matches()) {
            throw new IllegalArgumentException("enrollment token secret: malformed (expected: 43 base64url characters)");
        }
        if (caPin == null || !B64URL_256.matcher(caPin).matches()) {
            throw new IllegalArgumentException("enrollment token CA pin: '" + caPin + "' (expected: 43 base64url characters)");
        }
    }

    /** Parses a token as {@code warren admin enroll-token create} prints it; errors never echo the secret. */
    public static BootstrapToken parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("enrollment token: empty (expected: wet1.<id>.<secret>.<ca pin>)");
        }
        String[] parts = text.trim().split("\\.", -1);
        if (!parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("enrollment token: does not start with '" + PREFIX
                    + ".' (expected: wet1.<id>.<secret>.<ca pin>; an API token starts with wat1.)");
        }
        if (parts.length != 4) {
            throw new IllegalArgumentException("enrollment token: " + parts.length
                    + " dot-separated parts (expected: 4, wet1.<id>.<secret>.<ca pin>)");
        }
        return new BootstrapToken(parts[1], parts[2], parts[3]);
    }

    public String format() {
        return PREFIX + "." + id + "." + secret + "." + caPin;
    }

    @Override
    public String toString() {
        return "BootstrapToken[id=" + id + ", secret=****, caPin=" + caPin + "]";
    }
}
