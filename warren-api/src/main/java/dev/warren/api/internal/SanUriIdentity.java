package dev.warren.api.internal;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An identity that a certificate carries as exactly one URI SAN {@code <prefix><id>}: how device and user certificates
 * say who they are. The URI, not the CN, identifies: names are for people, ids never change. A certificate with two
 * such URIs identifies no one.
 */
public final class SanUriIdentity {
    /** The SAN type of a URI (RFC 5280 GeneralName uniformResourceIdentifier). */
    private static final int SAN_URI = 6;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String prefix;
    private final String what;

    /** @param what the id's name in error messages, e.g. {@code deviceId} */
    public SanUriIdentity(String prefix, String what) {
        this.prefix = prefix;
        this.what = what;
    }

    /** {@code <prefix><id>}. */
    public String uri(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + ": '" + id + "' (expected: 1..64 of A-Z a-z 0-9 _ -)");
        }
        return prefix + id;
    }

    /** The id in {@code certificate}; empty unless it has exactly one well-formed URI SAN with this prefix. */
    public Optional<String> idOf(X509Certificate certificate) {
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
                    && name.get(1) instanceof String uri && uri.startsWith(prefix)) {
                if (found != null) {
                    return Optional.empty(); // two identities: trust neither
                }
                found = uri.substring(prefix.length());
            }
        }
        return found != null && ID.matcher(found).matches() ? Optional.of(found) : Optional.empty();
    }
}
