package dev.warren.common.tls;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fatal alert the peer sent, read from a failed handshake: BoringSSL says {@code TLSV1_ALERT_UNKNOWN_CA} (its
 * reason codes for received alerts), the JDK {@code Received fatal alert: unknown_ca}. Named in RFC 8446's lower case.
 */
public final class ReceivedAlert {
    private static final Pattern BORINGSSL = Pattern.compile("(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z0-9_]+)");
    private static final Pattern JDK = Pattern.compile("Received fatal alert: ([a-z0-9_]+)");

    private ReceivedAlert() {}

    /** The alert's name ({@code unknown_ca}, {@code bad_certificate}, ...), or empty when the peer sent none. */
    public static Optional<String> of(Throwable handshakeFailure) {
        for (Throwable t = handshakeFailure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            Matcher boring = BORINGSSL.matcher(message);
            if (boring.find()) {
                return Optional.of(boring.group(1).toLowerCase(Locale.ROOT));
            }
            Matcher jdk = JDK.matcher(message);
            if (jdk.find()) {
                return Optional.of(jdk.group(1));
            }
        }
        return Optional.empty();
    }
}
