package dev.warren.mtls.internal;

import dev.warren.common.text.PeerText;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The names a peer certificate carries: its subject CN and its DNS, URI and IP SANs. */
public record PeerIdentity(String commonName, List<String> dnsNames, List<String> uris, List<String> ipAddresses,
                           String serial, String issuer) {

    public PeerIdentity {
        dnsNames = List.copyOf(dnsNames);
        uris = List.copyOf(uris);
        ipAddresses = List.copyOf(ipAddresses);
    }

    public static PeerIdentity of(X509Certificate certificate) {
        List<String> dns = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    switch ((Integer) san.get(0)) {
                        case 2 -> dns.add(String.valueOf(san.get(1)));
                        case 6 -> uris.add(String.valueOf(san.get(1)));
                        case 7 -> ips.add(String.valueOf(san.get(1)));
                        default -> { }
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no SANs then: the CN alone identifies it
        }
        return new PeerIdentity(commonName(certificate), dns, uris, ips, certificate.getSerialNumber().toString(16),
                certificate.getIssuerX500Principal().getName());
    }

    /** Every name an allow-list pattern is matched against: CN, DNS SANs, URI SANs. */
    public Stream<String> names() {
        return Stream.concat(Stream.ofNullable(commonName), Stream.concat(dnsNames.stream(), uris.stream()));
    }

    /** For a log line: {@code CN=node1 [DNS:node1, URI:spiffe://plant/node1] serial 3f...}, cleaned of control characters. */
    public String describe() {
        List<String> sans = new ArrayList<>();
        dnsNames.forEach(n -> sans.add("DNS:" + n));
        uris.forEach(n -> sans.add("URI:" + n));
        ipAddresses.forEach(n -> sans.add("IP:" + n));
        String text = "CN=" + commonName + (sans.isEmpty() ? "" : " " + sans) + " serial " + serial;
        return PeerText.clean(text, 400);
    }

    static String commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdns.get(i).getValue());
                }
            }
        } catch (InvalidNameException e) {
            // no CN
        }
        return null;
    }
}
