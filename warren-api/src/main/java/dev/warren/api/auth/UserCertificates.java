package dev.warren.api.auth;

import dev.warren.api.internal.SanUriIdentity;
import dev.warren.pki.CertificateProfile;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * User client certificates: CN = the user's name, one URI SAN {@code urn:warren:user:<userId>}, EKU clientAuth. Like
 * device certificates, the URI (an id that never changes), not the CN, says who it is; and a certificate counts only
 * while the store records it (so it can be revoked).
 */
public final class UserCertificates {
    public static final String URI_PREFIX = "urn:warren:user:";
    private static final SanUriIdentity IDENTITY = new SanUriIdentity(URI_PREFIX, "userId");

    private UserCertificates() {}

    /** {@code urn:warren:user:<userId>}. */
    public static String uri(String userId) {
        return IDENTITY.uri(userId);
    }

    /** The userId of a certificate; empty unless it has exactly one well-formed urn:warren:user: URI SAN. */
    public static Optional<String> userId(X509Certificate certificate) {
        return IDENTITY.idOf(certificate);
    }

    public static CertificateProfile profile(String name, String userId, Duration validity) {
        return CertificateProfile.client(name, List.of(uri(userId)), validity);
    }
}
