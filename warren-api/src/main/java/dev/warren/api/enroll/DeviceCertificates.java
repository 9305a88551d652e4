package dev.warren.api.enroll;

import dev.warren.api.internal.SanUriIdentity;
import dev.warren.pki.CertificateProfile;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Device certificates: CN = the device name, one URI SAN {@code urn:warren:device:<deviceId>}, EKU clientAuth. The
 * URI, not the CN, identifies the device: names are for people, ids never change.
 */
public final class DeviceCertificates {
    public static final String URI_PREFIX = "urn:warren:device:";
    private static final SanUriIdentity IDENTITY = new SanUriIdentity(URI_PREFIX, "deviceId");

    private DeviceCertificates() {}

    /** {@code urn:warren:device:<deviceId>}. */
    public static String uri(String deviceId) {
        return IDENTITY.uri(deviceId);
    }

    /** The deviceId of a certificate; empty unless it has exactly one well-formed urn:warren:device: URI SAN. */
    public static Optional<String> deviceId(X509Certificate certificate) {
        return IDENTITY.idOf(certificate);
    }

    /** What the CA puts in the certificate of device {@code deviceId} named {@code name}. */
    public static CertificateProfile profile(String name, String deviceId, Duration validity) {
        return CertificateProfile.client(name, List.of(uri(deviceId)), validity);
    }
}
