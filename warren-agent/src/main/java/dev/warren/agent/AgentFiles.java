package dev.warren.agent;

import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.pki.PemText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's data directory: {@code device.key} (owner-only), {@code device.crt}, {@code ca.crt} (the relay CA) and
 * {@code agent.json} (device id, name, relay address). A renewal stages the new pair as {@code device.next.key} and
 * {@code device.next.crt}, then moves them into place; reading the identity first finishes a renewal that a crash
 * interrupted, so the key and the certificate on disk always belong together.
 *
 * <p>{@code agent run} reads it with the JDK alone (no Jackson, no Bouncy Castle): every class loaded stays in the
 * memory of a process that runs for months on small devices. Writing (at enrollment) may use warren-pki.
 */
public final class AgentFiles {

    /** What enrollment recorded about this device. */
    public record Enrolled(String deviceId, String name, String relay) {}

    private final Path dir;

    public AgentFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path key() {
        return dir.resolve("device.key");
    }

    public Path certificate() {
        return dir.resolve("device.crt");
    }

    Path nextKey() {
        return dir.resolve("device.next.key");
    }

    Path nextCertificate() {
        return dir.resolve("device.next.crt");
    }

    public Path ca() {
        return dir.resolve("ca.crt");
    }

    public Path info() {
        return dir.resolve("agent.json");
    }

    public boolean enrolled() {
        return Files.exists(certificate()) && Files.exists(key()) && Files.exists(ca()) && Files.exists(info());
    }

    public Enrolled readEnrolled() {
        requireEnrolled();
        String text;
        try {
            text = Files.readString(info(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + info() + ": " + e.getMessage(), e);
        }
        Map<String, String> m = FlatJson.parse(text, info().toString());
        return new Enrolled(required(m, "deviceId"), required(m, "name"), required(m, "relay"));
    }

    private String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(info() + ": no '" + key + "' (expected: deviceId, name and relay, as "
                    + "'warren agent enroll' writes them)");
        }
        return value;
    }

    public TlsIdentity identity() {
        requireEnrolled();
        finishRenewal();
        return TlsIdentity.load(certificate(), key());
    }

    /**
     * Makes {@code keyPem} and {@code certificatePem} (a renewed certificate for a new key) the device identity. Both are
     * written in full beside the current pair before either replaces it: see {@link #finishRenewal()}.
     */
    void replaceIdentity(String keyPem, String certificatePem) {
        PemText.writeSecret(nextKey(), keyPem);
        PemText.writePublic(nextCertificate(), certificatePem);
        finishRenewal();
    }

    /**
     * Completes a staged renewal, whichever step a crash stopped it at. The key moves first: a staged certificate is
     * only ever written after its key, so "next certificate present" means "its key is staged or already in place".
     * A staged key alone is a renewal that never got its certificate: the current pair stays.
     */
    void finishRenewal() {
        try {
            if (Files.exists(nextCertificate())) {
                if (Files.exists(nextKey())) {
                    Files.move(nextKey(), key(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(nextCertificate(), certificate(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(nextKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the renewed identity in place in " + dir + ": " + e.getMessage(), e);
        }
    }

    public List<X509Certificate> relayCa() {
        requireEnrolled();
        List<X509Certificate> cas = new ArrayList<>();
        try (InputStream in = Files.newInputStream(ca())) {
            // the JDK reads concatenated PEM CERTIFICATE blocks itself
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                cas.add((X509Certificate) c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ca() + ": " + e.getMessage(), e);
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException(ca() + ": not PEM certificates (" + e.getMessage() + ")", e);
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException(ca() + ": no CERTIFICATE block (expected: the relay CA, PEM)");
        }
        return List.copyOf(cas);
    }

    void save(Enrolled enrolled, String keyPem, String certificatePem, String caPem) {
        try {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX: rely on the file system's defaults
            }
            PemText.writeSecret(key(), keyPem);
            PemText.writePublic(certificate(), certificatePem);
            PemText.writePublic(ca(), caPem);
            Map<String, String> info = new LinkedHashMap<>();
            info.put("deviceId", enrolled.deviceId());
            info.put("name", enrolled.name());
            info.put("relay", enrolled.relay());
            PemText.writePublic(info(), FlatJson.write(info));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the device identity to " + dir + ": " + e.getMessage(), e);
        }
    }

    private void requireEnrolled() {
        if (!enrolled()) {
            throw new IllegalStateException("no device identity in " + dir
                    + " (expected: device.key, device.crt, ca.crt, agent.json from 'warren agent enroll --data " + dir + "')");
        }
    }

    /** The relay recorded at enrollment. */
    public HostPort enrolledRelay() {
        return relayOf(readEnrolled());
    }

    static HostPort relayOf(Enrolled e) {
        return HostPort.parse(e.relay());
    }
}
