package dev.warren.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory that holds a CA and what it issued, as files openssl, HAProxy and stunnel read: {@code ca.crt},
 * {@code ca.key} (0600), and per name {@code NAME.crt}, {@code NAME.key} (0600) and, on request, {@code NAME.pem}
 * (certificate then key, HAProxy's {@code crt} format, 0600). Starting points: {@link #init}, {@link #open},
 * {@link #issue}, {@link #renew}, {@link #list}.
 */
public final class PkiDirectory {
    private static final Logger log = LoggerFactory.getLogger(PkiDirectory.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DNS_LIKE = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");

    public static final String CA_CERTIFICATE = "ca.crt";
    public static final String CA_KEY = "ca.key";

    private final Path dir;
    private final CertificateAuthority ca;

    private PkiDirectory(Path dir, CertificateAuthority ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** Makes a CA in {@code dir} (created if missing); refuses to replace one that is already there. */
    public static PkiDirectory init(Path dir, String caName, KeyAlgorithm algorithm, Duration validity) {
        Objects.requireNonNull(dir, "dir");
        if (Files.exists(dir.resolve(CA_CERTIFICATE)) || Files.exists(dir.resolve(CA_KEY))) {
            throw new PkiException(dir + ": already holds a CA (" + CA_CERTIFICATE + "/" + CA_KEY
                    + "); expected an empty directory or a new one");
        }
        CertificateAuthority ca = CertificateAuthority.create(caName, algorithm, validity);
        ca.save(dir.resolve(CA_CERTIFICATE), dir.resolve(CA_KEY));
        return new PkiDirectory(dir, ca);
    }

    /** The CA already in {@code dir}. */
    public static PkiDirectory open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.exists(dir.resolve(CA_CERTIFICATE))) {
            throw new PkiException(dir + ": no " + CA_CERTIFICATE + " (expected: a directory made by 'warren pki init')");
        }
        return new PkiDirectory(dir, CertificateAuthority.load(dir.resolve(CA_CERTIFICATE), dir.resolve(CA_KEY)));
    }

    public Path dir() {
        return dir;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    public Path certificateFile(String name) {
        return dir.resolve(checkName(name) + ".crt");
    }

    public Path keyFile(String name) {
        return dir.resolve(checkName(name) + ".key");
    }

    public Path combinedFile(String name) {
        return dir.resolve(checkName(name) + ".pem");
    }

    /**
     * Issues a key and certificate for {@code name} (its CN). With no SAN given, a name that is a DNS name becomes the
     * DNS SAN too, since TLS clients check SANs, not the CN. Refuses to overwrite an existing name: renew it instead.
     */
    public IssuedCertificate issue(String name, List<String> dnsNames, List<String> ipAddresses, List<String> uris,
                                   CertificateProfile.Usage usage, Duration validity, KeyAlgorithm algorithm, boolean combined) {
        checkName(name);
        if (Files.exists(certificateFile(name)) || Files.exists(keyFile(name))) {
            throw new PkiException(name + ": already issued in " + dir + " (expected: a new name; use 'warren pki renew "
                    + name + "' to renew it)");
        }
        List<String> dns = dnsNames == null ? List.of() : dnsNames;
        List<String> ips = ipAddresses == null ? List.of() : ipAddresses;
        List<String> uri = uris == null ? List.of() : uris;
        if (dns.isEmpty() && ips.isEmpty() && uri.isEmpty() && DNS_LIKE.matcher(name).matches()) {
            dns = List.of(name);
        }
        CertificateProfile profile = new CertificateProfile(name, dns, ips, uri, usage, validity);
        IssuedCertificate issued = ca.issue(profile, algorithm);
        write(name, issued, combined);
        log.info("issued {} ({}), serial {}, valid until {}", name, algorithm, issued.certificate().getSerialNumber().toString(16),
                issued.certificate().getNotAfter().toInstant());
        return issued;
    }

    /**
     * A new key and certificate for an issued name, with the same CN, SANs, usage and key type; valid for
     * {@code validity}, or (null) as long as the old one was. The combined file is rewritten when it exists.
     */
    public IssuedCertificate renew(String name, Duration validity) {
        Path certificateFile = certificateFile(name);
        if (!Files.exists(certificateFile)) {
            throw new PkiException(name + ": not issued in " + dir + " (no " + certificateFile.getFileName()
                    + "; expected one of: " + String.join(", ", list().stream().map(IssuedEntry::name).toList()) + ")");
        }
        IssuedEntry old = IssuedEntry.of(name, Pem.readCertificates(certificateFile).getFirst());
        Duration keep = validity != null ? validity : old.lifetime();
        CertificateProfile profile = new CertificateProfile(old.commonName(), old.dnsNames(), old.ipAddresses(), old.uris(),
                old.usage(), keep);
        IssuedCertificate issued = ca.issue(profile, algorithmOf(old.certificate().getPublicKey()));
        write(name, issued, Files.exists(combinedFile(name)));
        log.info("renewed {}, serial {} -> {}, valid until {}", name, old.serial(),
                issued.certificate().getSerialNumber().toString(16), issued.certificate().getNotAfter().toInstant());
        return issued;
    }

    /** Every certificate in the directory but the CA's, by name. */
    public List<IssuedEntry> list() {
        List<IssuedEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                String fileName = file.getFileName().toString();
                if (!fileName.endsWith(".crt") || fileName.equals(CA_CERTIFICATE)) {
                    continue;
                }
                String name = fileName.substring(0, fileName.length() - ".crt".length());
                try {
                    entries.add(IssuedEntry.of(name, Pem.readCertificates(file).getFirst()));
                } catch (PkiException e) {
                    log.warn("{}: skipped ({})", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new PkiException(dir + ": cannot be listed (" + e + ")", e);
        }
        return entries;
    }

    /** Key first (0600), then the certificate: a reader that sees the new certificate finds its key already there. */
    private void write(String name, IssuedCertificate issued, boolean combined) {
        String key = issued.privateKeyPem();
        String certificate = issued.certificatePem();
        Pem.writeSecret(keyFile(name), key);
        if (combined) {
            Pem.writeSecret(combinedFile(name), certificate + key);
        }
        Pem.writePublic(certificateFile(name), certificate);
    }

    static KeyAlgorithm algorithmOf(PublicKey key) {
        return switch (key) {
            case ECKey ec -> KeyAlgorithm.EC_P256;
            case EdECKey ed -> KeyAlgorithm.ED25519;
            case RSAKey rsa -> KeyAlgorithm.RSA_3072;
            default -> throw new PkiException("key algorithm " + key.getAlgorithm() + " (expected: EC, Ed25519 or RSA)");
        };
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals("ca")) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: 1-64 of A-Z a-z 0-9 . _ -, starting with a"
                    + " letter or digit, not 'ca')");
        }
        return name;
    }

    /** The private key of an issued name, e.g. for a test that presents it. */
    public PrivateKey readKey(String name) {
        return Pem.readPrivateKey(keyFile(name));
    }

    @Override
    public String toString() {
        return "PkiDirectory[" + dir + ", " + ca + "]";
    }
}
