package dev.warren.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * The agent's data directory: {@code device.key} (owner-only), {@code device.crt}, {@code ca.crt} (the relay CA) and
 * {@code agent.json} (device id, name, relay address).
 */
public final class AgentFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        try {
            Map<?, ?> m = JSON.readValue(info().toFile(), Map.class);
            return new Enrolled(String.valueOf(m.get("deviceId")), String.valueOf(m.get("name")),
                    String.valueOf(m.get("relay")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + info() + ": " + e.getMessage(), e);
        }
    }

    public TlsIdentity identity() {
        requireEnrolled();
        return TlsIdentity.load(certificate(), key());
    }

    public List<X509Certificate> relayCa() {
        requireEnrolled();
        return Pem.readCertificates(ca());
    }

    void save(Enrolled enrolled, String keyPem, String certificatePem, String caPem) {
        try {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX: rely on the file system's defaults
            }
            Pem.writeSecret(key(), keyPem);
            Pem.writePublic(certificate(), certificatePem);
            Pem.writePublic(ca(), caPem);
            Pem.writePublic(info(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of(
                    "deviceId", enrolled.deviceId(), "name", enrolled.name(), "relay", enrolled.relay())));
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

    static HostPort relayOf(Enrolled e) {
        return HostPort.parse(e.relay());
    }
}
