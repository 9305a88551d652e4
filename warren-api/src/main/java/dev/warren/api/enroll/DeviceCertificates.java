package dev.warren.api.enroll;

import dev.warren.pki.CertificateProfile;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Device certificates: CN = the device name, one URI SAN {@code urn:warren:device:<deviceId>}, EKU clientAuth. The
 * URI, not the CN, identifies the device: names are for people, ids never change.
 */
public final class DeviceCertificates {
    public static final String URI_PREFIX = "urn:warren:device:";
    /** The SAN type of a URI (RFC 5280 GeneralName uniformResourceIdentifier). */
    private static final int SAN_URI = 6;
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private DeviceCertificates() {}

    /** {@code urn:warren:device:<deviceId>}. */
    public static String uri(String deviceId) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("deviceId: '" + deviceId + "' (expected: 1..64 of A-Z a-z 0-9 _ -)");
        }
        return URI_PREFIX + deviceId;
    }

    /** The device id of a device certificate; empty unless it has exactly one well-formed device URI SAN. */
    public static Optional<String> deviceId(X509Certificate certificate) {
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
                    return Optional.empty(); // two device identities: trust neither
                }
                found = uri.substring(URI_PREFIX.length());
            }
        }
        return found != null && DEVICE_ID.matcher(found).matches() ? Optional.of(found) : Optional.empty();
    }

    /** What the CA puts in the certificate of device {@code deviceId} named {@code name}. */
    public static CertificateProfile profile(String name, String deviceId, Duration validity) {
        return CertificateProfile.client(name, List.of(uri(deviceId)), validity);
    }
}
