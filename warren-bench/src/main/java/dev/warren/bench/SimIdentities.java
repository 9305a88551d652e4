package dev.warren.bench;

import dev.warren.api.enroll.DeviceCertificates;
import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.store.Device;
import dev.warren.store.StoreConfig;
import dev.warren.store.Stores;
import dev.warren.store.WarrenStore;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Device identities for simulated agents, made the way enrollment makes them but without its per-token Argon2: each
 * device is created in the relay's own store and its certificate (fresh EC P-256 key, the device profile) signed by the
 * relay's CA, and the certificate's fingerprint recorded as the device's current one. The relay must be stopped: the
 * embedded store admits one process.
 */
final class SimIdentities {
    /** One simulated device: what its agent presents. */
    record Identity(String deviceId, String name, PrivateKey key, X509Certificate certificate) {
        @Override
        public String toString() {
            return "Identity[" + deviceId + ", " + name + ", key=****]";
        }
    }

    private static final String NO_CERTIFICATE = "0".repeat(64);

    private SimIdentities() {}

    /** Creates {@code count} devices ({@code prefix-00001}...), writes their keys and certificates to {@code out}. */
    static void prepare(Path relayData, int count, String prefix, Path out) throws IOException {
        CertificateAuthority ca = CertificateAuthority.load(relayData.resolve("ca.crt"), relayData.resolve("ca.key"));
        String[] lines = new String[count];
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        try (WarrenStore store = Stores.open(StoreConfig.embedded(relayData))) {
            IntStream.range(0, count).parallel().forEach(i -> {
                String name = String.format("%s-%05d", prefix, i + 1);
                KeyPair keys = KeyAlgorithm.EC_P256.generate();
                Device device = store.devices().create(name, Map.of("sim", "1"), NO_CERTIFICATE,
                        java.time.Instant.now());
                X509Certificate certificate = ca.sign(keys.getPublic(),
                        DeviceCertificates.profile(name, device.id(), Duration.ofDays(30)));
                store.devices().updateCertificate(device.id(), Fingerprints.sha256Hex(certificate),
                        certificate.getNotAfter().toInstant());
                lines[i] = String.join(" ", device.id(), name, b64(keys.getPrivate().getEncoded()),
                        b64(encoded(certificate)));
                int n = done.incrementAndGet();
                if (n % 1000 == 0) {
                    System.err.printf("prepared %d/%d devices (%.1f s)%n", n, count, (System.nanoTime() - start) / 1e9);
                }
            });
        } catch (Exception e) {
            throw new IOException("cannot prepare devices in " + relayData + ": " + e.getMessage(), e);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
            for (String line : lines) {
                w.write(line);
                w.newLine();
            }
        }
    }

    /** The first {@code limit} identities of a file written by {@link #prepare}. */
    static List<Identity> read(Path file, int limit) throws IOException {
        List<Identity> identities = new ArrayList<>();
        try {
            KeyFactory keys = KeyFactory.getInstance("EC");
            CertificateFactory certificates = CertificateFactory.getInstance("X.509");
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (identities.size() >= limit) {
                    break;
                }
                String[] f = line.split(" ");
                if (f.length != 4) {
                    throw new IOException(file + ": line " + (identities.size() + 1) + " (expected: id name key cert)");
                }
                PrivateKey key = keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(f[2])));
                X509Certificate cert = (X509Certificate) certificates.generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(f[3])));
                identities.add(new Identity(f[0], f[1], key, cert));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return identities;
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static int count(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return (int) lines.count();
        }
    }
}
