package dev.warren.common.text;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.regex.Pattern;

/**
 * Why a connection to a peer failed, in words a user reads: the innermost cause's message, without the JDK's and
 * Netty's jargon. Netty's native transport says {@code finishConnect(..) failed with error(-111): Connection refused};
 * the JDK says {@code unable to find valid certification path to requested target} for a certificate from another CA.
 */
public final class ConnectErrors {
    /** Netty's native errors: the system call, the errno, then strerror's text, which is all a user needs. */
    private static final Pattern NATIVE = Pattern.compile("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");

    private ConnectErrors() {}

    /** The reason, for "cannot reach relay X: REASON" or "TLS handshake with X failed: REASON". */
    public static String describe(Throwable t) {
        if (find(t, CertPathBuilderException.class) != null || find(t, CertPathValidatorException.class) != null) {
            return "its certificate was not issued by the CA this side trusts";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : NATIVE.matcher(message).replaceFirst("");
    }

    /** Whether the peer answered but was not trusted (its certificate, or the pin), rather than not reached. */
    public static boolean isTrustFailure(Throwable t) {
        return find(t, CertificateException.class) != null || find(t, CertPathBuilderException.class) != null
                || find(t, CertPathValidatorException.class) != null;
    }

    private static Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }
}
