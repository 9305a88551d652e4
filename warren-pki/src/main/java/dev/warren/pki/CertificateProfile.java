package dev.warren.pki;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.util.IPAddress;

/**
 * What a leaf certificate says: its subject CN, subject alternative names and what it may be used for.
 *
 * @param commonName the subject's CN (1..64 characters)
 * @param dnsNames DNS SANs ({@code relay.example.com}, {@code *.example.com}, {@code localhost})
 * @param ipAddresses IP SANs as literals ({@code 10.0.0.1}, {@code ::1}); never resolved
 * @param uris URI SANs, absolute ({@code spiffe://warren/device/d-1234})
 * @param usage the extended key usage
 * @param validity how long the certificate is valid from now (it is back-dated 5 minutes for clock skew)
 */
public record CertificateProfile(
        String commonName, List<String> dnsNames, List<String> ipAddresses, List<String> uris, Usage usage, Duration validity) {

    /** Extended key usage; keyUsage is always digitalSignature, plus keyEncipherment for RSA keys. */
    public enum Usage { SERVER, CLIENT, SERVER_AND_CLIENT }

    static final int MAX_COMMON_NAME = 64; // ub-common-name, RFC 5280

    private static final Pattern DNS_NAME = Pattern.compile(
            "^(\\*\\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    public CertificateProfile {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("commonName: empty (expected: 1.." + MAX_COMMON_NAME + " characters)");
        }
        if (commonName.length() > MAX_COMMON_NAME) {
            throw new IllegalArgumentException("commonName: " + commonName.length() + " characters (expected: 1.."
                    + MAX_COMMON_NAME + ")");
        }
        dnsNames = dnsNames == null ? List.of() : dnsNames.stream().map(CertificateProfile::checkDnsName).toList();
        ipAddresses = ipAddresses == null ? List.of() : ipAddresses.stream().map(CertificateProfile::checkIp).toList();
        uris = uris == null ? List.of() : uris.stream().map(CertificateProfile::checkUri).toList();
        Objects.requireNonNull(usage, "usage");
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity: " + validity + " (expected: > 0)");
        }
    }

    /** A TLS server certificate (EKU serverAuth) for these names and addresses. */
    public static CertificateProfile server(String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity) {
        return new CertificateProfile(commonName, dnsNames, ipAddresses, List.of(), Usage.SERVER, validity);
    }

    /** A TLS client certificate (EKU clientAuth), identified by its CN and URI SANs. */
    public static CertificateProfile client(String commonName, List<String> uris, Duration validity) {
        return new CertificateProfile(commonName, List.of(), List.of(), uris, Usage.CLIENT, validity);
    }

    private static String checkDnsName(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (lower.length() > 253 || !DNS_NAME.matcher(lower).matches()) {
            throw new IllegalArgumentException("dnsNames: '" + name + "' (expected: a DNS name such as relay.example.com)");
        }
        return lower;
    }

    private static String checkIp(String ip) {
        // IPAddress checks the literal without ever resolving it
        if (ip == null || !IPAddress.isValid(ip)) {
            throw new IllegalArgumentException("ipAddresses: '" + ip + "' (expected: an IPv4 or IPv6 literal)");
        }
        return ip;
    }

    private static String checkUri(String uri) {
        try {
            if (uri != null && new URI(uri).isAbsolute()) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("uris: '" + uri + "' (expected: an absolute URI such as spiffe://warren/device/1)");
    }
}
