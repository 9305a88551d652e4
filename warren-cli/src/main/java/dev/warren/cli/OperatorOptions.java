package dev.warren.cli;

import dev.warren.client.ClientConfig;
import dev.warren.client.Credentials;
import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How an operator command finds the relay and proves who it is. Each value comes from its option, else its
 * environment variable, else the file {@code warren login} wrote.
 */
final class OperatorOptions {
    @Option(names = "--relay", paramLabel = "HOST:PORT", description = "The relay (default: $WARREN_RELAY, then 'warren login').")
    String relay;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API token (default: $WARREN_TOKEN, then 'warren login'). Prefer the variable: arguments show in ps.")
    String token;

    @Option(names = "--ca", paramLabel = "FILE", description = "The relay's CA certificate (default: $WARREN_CA, then 'warren login').")
    Path ca;

    @Option(names = "--ca-pin", paramLabel = "PIN", description = "The relay CA's public-key pin, as the relay printed it (default: $WARREN_CA_PIN).")
    String caPin;

    @Option(names = "--credentials", paramLabel = "FILE", description = "Credentials file (default: $WARREN_CONFIG_DIR/credentials.json or ~/.config/warren/credentials.json).")
    Path credentials;

    @picocli.CommandLine.Mixin
    ProxyOptions proxyOptions = new ProxyOptions();

    @Option(names = "--transport", paramLabel = "tls|wss", defaultValue = "tls",
            description = "How to carry the session: tls (default) or wss (WebSocket over HTTPS, where only HTTPS passes).")
    String transport;

    ClientConfig clientConfig() {
        Optional<Credentials> saved = Credentials.load(credentials != null ? credentials : Credentials.defaultFile());
        String relayText = first(relay, System.getenv("WARREN_RELAY"), saved.map(Credentials::relay).orElse(null));
        String tokenText = first(token, System.getenv("WARREN_TOKEN"), saved.map(Credentials::token).orElse(null));
        if (relayText == null) {
            throw new CommandFailure(ExitCodes.USAGE, "no relay: give --relay HOST:PORT, set WARREN_RELAY, or run 'warren login'");
        }
        // a token given here or in WARREN_TOKEN wins over a saved certificate
        boolean tokenGiven = token != null || System.getenv("WARREN_TOKEN") != null;
        Optional<dev.warren.common.tls.TlsIdentity> identity = tokenGiven ? Optional.empty()
                : saved.flatMap(Credentials::identity);
        if (tokenText == null && identity.isEmpty()) {
            throw new CommandFailure(ExitCodes.UNAUTHENTICATED,
                    "no API token: give --token, set WARREN_TOKEN, or run 'warren login' (or 'warren login --cert')");
        }
        HostPort relayAddress = HostPort.parse(relayText, 7443);
        dev.warren.transport.Transport how;
        try {
            how = dev.warren.transport.Transport.parse(transport);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
        return new ClientConfig(relayAddress, tokenText == null ? null : tokenText.trim(), trust(saved), null,
                identity.orElse(null), proxyOptions.choose(relayAddress), how);
    }

    TrustPolicy trust(Optional<Credentials> saved) {
        return trust(saved, true);
    }

    /** {@code loginHint}: whether to suggest 'warren login' when nothing says how (not to 'warren login' itself). */
    TrustPolicy trust(Optional<Credentials> saved, boolean loginHint) {
        if (ca != null) {
            return cas(ca);
        }
        if (caPin != null) {
            return pinned("--ca-pin", caPin);
        }
        String envCa = System.getenv("WARREN_CA");
        if (envCa != null && !envCa.isBlank()) {
            return cas(Path.of(envCa));
        }
        String envPin = System.getenv("WARREN_CA_PIN");
        if (envPin != null && !envPin.isBlank()) {
            return pinned("WARREN_CA_PIN", envPin);
        }
        if (saved.isPresent() && saved.get().caPem() != null) {
            return new TrustPolicy.Cas(Pem.readCertificates(saved.get().caPem()));
        }
        throw new CommandFailure(ExitCodes.USAGE, "cannot verify the relay: give --ca FILE or --ca-pin PIN (the relay"
                + " printed both at its first start)" + (loginHint ? ", or run 'warren login'" : ""));
    }

    /** A pin checked here, so that a bad one is named by where it came from ({@code source}), not as a field. */
    static TrustPolicy pinned(String source, String pin) {
        String trimmed = pin.trim();
        if (!dev.warren.common.tls.SpkiPins.isWellFormed(trimmed)) {
            throw new CommandFailure(ExitCodes.USAGE, source + " '" + trimmed + "' is not a CA pin (expected: 43"
                    + " base64url characters, the 'CA pin' the relay printed at its first start)");
        }
        return new TrustPolicy.Pinned(trimmed);
    }

    static TrustPolicy cas(Path file) {
        if (!Files.isReadable(file)) {
            throw new CommandFailure(ExitCodes.USAGE, "CA certificate " + file + " is not readable");
        }
        return new TrustPolicy.Cas(Pem.readCertificates(file));
    }

    static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
