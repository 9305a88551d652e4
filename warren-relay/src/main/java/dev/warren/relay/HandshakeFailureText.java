package dev.warren.relay;

import dev.warren.common.tls.ReceivedAlert;

/**
 * Why a client's TLS handshake with the relay failed, for the relay's log: when the client refused the relay's
 * certificate its alert says so, and the admin reads that in words rather than as {@code TLSV1_ALERT_UNKNOWN_CA}.
 */
final class HandshakeFailureText {
    private HandshakeFailureText() {}

    static String describe(Throwable cause) {
        String raw = rootMessage(cause);
        String meaning = ReceivedAlert.of(cause).map(HandshakeFailureText::meaning).orElse(null);
        return meaning == null ? raw : meaning + " [" + raw + "]";
    }

    private static String meaning(String alert) {
        return switch (alert) {
            case "unknown_ca" -> "the client does not trust this relay's certificate (unknown CA: the client's CA file"
                    + " or pin is for another CA, or this relay does not send its CA in its chain)";
            case "certificate_unknown" -> "the client does not trust this relay's certificate (certificate unknown: the"
                    + " client's CA file or pin is for another CA, or the certificate does not name the address dialled)";
            case "bad_certificate" -> "the client refused this relay's certificate (bad certificate: e.g. it does not"
                    + " name the address the client dialled)";
            case "certificate_expired" -> "the client refused this relay's certificate as expired or not yet valid"
                    + " (check its dates, and both clocks)";
            case "certificate_revoked" -> "the client refused this relay's certificate as revoked";
            case "unsupported_certificate" -> "the client cannot use this relay's certificate (unsupported certificate:"
                    + " its key type or key usage)";
            default -> null;
        };
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
