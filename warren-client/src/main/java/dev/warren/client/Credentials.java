package dev.warren.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code warren login} keeps for later commands: the relay's address, the operator's API token and the relay
 * CA certificate (PEM), and with {@code warren login --cert} a user certificate and its private key (PEM), in one
 * owner-only file ({@code $WARREN_CONFIG_DIR} or {@code ~/.config/warren}/credentials.json).
 *
 * @param token          nullable when a certificate is kept
 * @param certificatePem the user certificate; nullable
 * @param keyPem         its private key; nullable, never printed
 */
public record Credentials(String relay, String token, String caPem, String certificatePem, String keyPem) {

    public Credentials(String relay, String token, String caPem) {
        this(relay, token, caPem, null, null);
    }

    public static Path defaultFile() {
        String dir = System.getenv("WARREN_CONFIG_DIR");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir, "credentials.json");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("warren").resolve("credentials.json");
    }

    public static Optional<Credentials> load(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Map<?, ?> m = new ObjectMapper().readValue(file.toFile(), Map.class);
            return Optional.of(new Credentials(str(m.get("relay")), str(m.get("token")), str(m.get("ca")),
                    str(m.get("certificate")), str(m.get("key"))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read credentials " + file + ": " + e.getMessage(), e);
        }
    }

    /** The user certificate and key, when kept. */
    public Optional<TlsIdentity> identity() {
        if (certificatePem == null || keyPem == null) {
            return Optional.empty();
        }
        return Optional.of(new TlsIdentity(Pem.readPrivateKey(keyPem), Pem.readCertificates(certificatePem)));
    }

    public void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Map<String, String> m = new LinkedHashMap<>();
            m.put("relay", relay);
            m.put("token", token);
            m.put("ca", caPem);
            if (certificatePem != null) {
                m.put("certificate", certificatePem);
                m.put("key", keyPem);
            }
            Pem.writeSecret(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write credentials " + file + ": " + e.getMessage(), e);
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    @Override
    public String toString() {
        return "Credentials[relay=" + relay + ", token=" + (token == null ? "none" : "****") + ", certificate="
                + (certificatePem == null ? "none" : "yes") + ", key=" + (keyPem == null ? "none" : "****") + "]";
    }
}
