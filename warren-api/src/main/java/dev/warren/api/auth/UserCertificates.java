package dev.warren.api.auth;

import dev.warren.pki.CertificateProfile;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * User client certificates: CN = the user's name, one URI SAN {@code urn:warren:user:<userId>}, EKU clientAuth. Like
 * device certificates, the URI (an id that never changes), not the CN, says who it is; and a certificate counts only
 * while the store records it (so it can be revoked).
 */
public final class UserCertificates {
    public static final String URI_PREFIX = "urn:warren:user:";
    private static final int SAN_URI = 6;
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private UserCertificates() {}

    public static String uri(String userId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("userId: '" + userId + "' (expected: 1..64 of A-Z a-z 0-9 _ -)");
        }
        return URI_PREFIX + userId;
    }

    /** The user id of a user certificate; empty unless it has exactly one well-formed user URI SAN. */
    public static Optional<String> userId(X509Certificate certificate) {
        if (certificate == null) {
            return Optional.empty();
        }
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        String found = null;
        for (List<?> name : names) {
            if (name.size() >= 2 && name.get(0) instanceof Integer type && type == SAN_URI
                    && name.get(1) instanceof String uri && uri.startsWith(URI_PREFIX)) {
                if (found != null) {
                    return Optional.empty();
                }
                found = uri.substring(URI_PREFIX.length());
            }
        }
        return found != null && USER_ID.matcher(found).matches() ? Optional.of(found) : Optional.empty();
    }

    public static CertificateProfile profile(String name, String userId, Duration validity) {
        return CertificateProfile.client(name, List.of(uri(userId)), validity);
    }
}
