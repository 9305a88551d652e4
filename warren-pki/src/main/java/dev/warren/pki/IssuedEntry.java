package dev.warren.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * What an issued certificate says, as {@code warren pki list} shows it and {@code warren pki renew} copies it.
 *
 * @param name the file name it is kept under ({@code NAME.crt})
 */
public record IssuedEntry(String name, X509Certificate certificate, String commonName, List<String> dnsNames,
                          List<String> ipAddresses, List<String> uris, CertificateProfile.Usage usage) {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    public IssuedEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certificate, "certificate");
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        uris = List.copyOf(uris);
    }

    static IssuedEntry of(String name, X509Certificate certificate) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    String value = String.valueOf(san.get(1));
                    switch (type) {
                        case 2 -> dns.add(value);
                        case 7 -> ips.add(canonicalIp(value));
                        case 6 -> uris.add(value);
                        default -> { } // other kinds are not issued by warren pki
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new PkiException(name + ": subject alternative names cannot be read (" + e.getMessage() + ")", e);
        }
        return new IssuedEntry(name, certificate, commonName(certificate), dns, ips, uris, usage(certificate));
    }

    public String serial() {
        return certificate.getSerialNumber().toString(16);
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** How long it was issued for (without the back-dating for clock skew). */
    Duration lifetime() {
        Duration d = Duration.between(certificate.getNotBefore().toInstant(), notAfter()).minus(CertificateAuthority.CLOCK_SKEW);
        return d.isNegative() || d.isZero() ? Duration.ofDays(1) : d;
    }

    /** All SANs as openssl prints them: {@code DNS:a, IP:1.2.3.4, URI:spiffe://x}. */
    public String subjectAlternativeNames() {
        List<String> all = new ArrayList<>();
        dnsNames.forEach(n -> all.add("DNS:" + n));
        ipAddresses.forEach(n -> all.add("IP:" + n));
        uris.forEach(n -> all.add("URI:" + n));
        return String.join(", ", all);
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // reported below
        }
        throw new PkiException("certificate " + certificate.getSubjectX500Principal().getName() + ": no CN");
    }

    private static CertificateProfile.Usage usage(X509Certificate certificate) {
        try {
            List<String> eku = certificate.getExtendedKeyUsage();
            boolean server = eku == null || eku.contains(SERVER_AUTH);
            boolean client = eku == null || eku.contains(CLIENT_AUTH);
            return server && client ? CertificateProfile.Usage.SERVER_AND_CLIENT
                    : client ? CertificateProfile.Usage.CLIENT : CertificateProfile.Usage.SERVER;
        } catch (CertificateParsingException e) {
            throw new PkiException("certificate: extended key usage cannot be read", e);
        }
    }

    /** The JDK prints IPv6 SANs in full (0:0:0:0:0:0:0:1); compare and show them as people write them. */
    private static String canonicalIp(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress().replaceAll("(^|:)0(:0)+(:|$)", "::");
        } catch (UnknownHostException e) {
            return ip;
        }
    }

    @Override
    public String toString() {
        return "IssuedEntry[" + name + ", CN=" + commonName + ", " + subjectAlternativeNames() + ", serial=" + serial()
                + ", notAfter=" + notAfter() + "]";
    }
}
