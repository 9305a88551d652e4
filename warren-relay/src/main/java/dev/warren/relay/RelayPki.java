package dev.warren.relay;

import dev.warren.common.tls.TlsIdentity;
import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.CertificateProfile;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's certificates under its data directory: a CA (made on first start, kept for ten years) that signs the
 * relay's server certificate and every device certificate, and the server certificate itself, reissued when the names
 * it must carry change or when it nears expiry.
 */
final class RelayPki {
    private static final Logger log = LoggerFactory.getLogger(RelayPki.class);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final CertificateAuthority ca;
    private final TlsIdentity server;
    private final Path caFile;
    private final boolean created;

    private RelayPki(CertificateAuthority ca, TlsIdentity server, Path caFile, boolean created) {
        this.ca = ca;
        this.server = server;
        this.caFile = caFile;
        this.created = created;
    }

    static RelayPki loadOrCreate(Path dataDir, Collection<String> serverNames) {
        Path caCert = dataDir.resolve("ca.crt");
        Path caKey = dataDir.resolve("ca.key");
        boolean created = false;
        CertificateAuthority ca;
        if (Files.exists(caCert) || Files.exists(caKey)) {
            ca = CertificateAuthority.load(caCert, caKey);
        } else {
            ca = CertificateAuthority.create("Warren Relay CA " + hostName(), KeyAlgorithm.EC_P256, CA_VALIDITY);
            ca.save(caCert, caKey);
            created = true;
            log.info("created the relay CA in {}", caCert);
        }
        Path serverCert = dataDir.resolve("server.crt");
        Path serverKey = dataDir.resolve("server.key");
        Set<String> names = new LinkedHashSet<>(serverNames);
        TlsIdentity server = loadServer(serverCert, serverKey, ca, names);
        if (server == null) {
            server = issueServer(ca, names, serverCert, serverKey);
        }
        return new RelayPki(ca, server, caCert, created);
    }

    private static TlsIdentity loadServer(Path cert, Path key, CertificateAuthority ca, Set<String> names) {
        if (!Files.exists(cert) || !Files.exists(key)) {
            return null;
        }
        TlsIdentity identity = TlsIdentity.load(cert, key);
        X509Certificate leaf = identity.chain().get(0);
        if (leaf.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
            log.info("server certificate expires {}: issuing a new one", leaf.getNotAfter().toInstant());
            return null;
        }
        if (!leaf.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())) {
            log.info("server certificate was not issued by this relay's CA: issuing a new one");
            return null;
        }
        Set<String> present = subjectAltNames(leaf);
        if (!present.containsAll(names)) {
            List<String> missing = new ArrayList<>(names);
            missing.removeAll(present);
            log.info("server certificate lacks {}: issuing a new one", missing);
            return null;
        }
        return identity;
    }

    private static TlsIdentity issueServer(CertificateAuthority ca, Set<String> names, Path cert, Path key) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (String n : names) {
            (isAddress(n) ? ips : dns).add(n);
        }
        String cn = dns.isEmpty() ? ips.get(0) : dns.get(0);
        IssuedCertificate issued = ca.issue(CertificateProfile.server(cn, dns, ips, SERVER_VALIDITY), KeyAlgorithm.EC_P256);
        Pem.writePublic(cert, Pem.encode(issued.certificate(), ca.certificate()));
        Pem.writeSecret(key, Pem.encode(issued.privateKey()));
        log.info("issued the relay server certificate for {}", names);
        return new TlsIdentity(issued.privateKey(), List.of(issued.certificate(), ca.certificate()));
    }

    /** The names every relay certificate carries, plus those configured. */
    static List<String> defaultNames(String listenHost, List<String> configured) {
        Set<String> names = new LinkedHashSet<>(configured);
        if (!listenHost.isEmpty() && !listenHost.equals("0.0.0.0") && !listenHost.equals("::")) {
            names.add(listenHost);
        }
        names.add("localhost");
        names.add("127.0.0.1");
        names.add("::1");
        String host = hostName();
        if (!host.isEmpty()) {
            names.add(host);
        }
        return List.copyOf(names);
    }

    private static Set<String> subjectAltNames(X509Certificate cert) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object value = san.get(1);
                    if (value instanceof String s) {
                        names.add(normalize(s));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("server certificate: unreadable subject alternative names", e);
        }
        return names;
    }

    private static String normalize(String name) {
        if (isAddress(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress().replace("0:0:0:0:0:0:0:1", "::1");
            } catch (UnknownHostException e) {
                return name;
            }
        }
        return name;
    }

    static boolean isAddress(String s) {
        return s.indexOf(':') >= 0 || s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String hostName() {
        try {
            String n = InetAddress.getLocalHost().getHostName();
            return n == null ? "" : n;
        } catch (UnknownHostException e) {
            return "";
        }
    }

    CertificateAuthority ca() {
        return ca;
    }

    TlsIdentity serverIdentity() {
        return server;
    }

    Path caFile() {
        return caFile;
    }

    /** True when this start created the CA (a new relay). */
    boolean created() {
        return created;
    }

    String caPin() {
        return Fingerprints.spkiPin(ca.certificate());
    }

    String caFingerprint() {
        return Fingerprints.display(ca.certificate());
    }

    static void ensurePrivateDir(Path dir) {
        try {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: rely on its defaults
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
