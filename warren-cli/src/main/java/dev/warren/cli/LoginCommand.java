package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.client.ClientConfig;
import dev.warren.client.Credentials;
import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.pki.Csr;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code warren login}: check an API token against the relay and keep it for later commands; with {@code --cert},
 * use the token once to get a client certificate for a key made here, and keep the certificate instead of the token.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Verify the relay (by --ca or --ca-pin) and the API token, then save both for later commands.",
            "The token comes from --token, WARREN_TOKEN, or one line on standard input.",
            "With --cert, a key pair is made here, the relay signs a client certificate for it, and the certificate"
                    + " (not the token) is saved. WARREN_TOKEN, when set, overrides what is saved."})
final class LoginCommand implements Callable<Integer> {
    @Mixin
    OperatorOptions operator;

    @Option(names = "--cert", description = "Authenticate later commands with a user certificate instead of the token.")
    boolean cert;

    @Option(names = "--cert-ttl", converter = Durations.class, paramLabel = "DURATION",
            description = "The certificate's lifetime (default: 30d, at most 365d).")
    Duration certTtl;

    @Override
    public Integer call() throws Exception {
        String relay = OperatorOptions.first(operator.relay, System.getenv("WARREN_RELAY"));
        if (relay == null) {
            throw new CommandFailure(ExitCodes.USAGE, "no relay: give --relay HOST:PORT");
        }
        // before the token is asked for: nobody should type a token and then learn the relay cannot be verified
        TrustPolicy trust = operator.trust(Optional.empty(), false);
        String token = OperatorOptions.first(operator.token, System.getenv("WARREN_TOKEN"));
        if (token == null) {
            // a prompt only for a person at a terminal: piped in, it would run into the next line on stderr
            java.io.Console console = System.console();
            char[] typed = console != null ? console.readPassword("API token: ") : null;
            token = console != null ? (typed == null ? null : new String(typed))
                    : new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (token == null || token.isBlank()) {
            throw new CommandFailure(ExitCodes.UNAUTHENTICATED, "no API token given");
        }
        ClientConfig config = new ClientConfig(HostPort.parse(relay, 7443), token.trim(), trust, null);
        Path file = operator.credentials != null ? operator.credentials : Credentials.defaultFile();
        try (AdminClient api = new AdminClient(config)) {
            String caPem = api.get("/api/v1/ca").path("certificate").asText();
            if (trust instanceof TrustPolicy.Pinned pinned
                    && !Fingerprints.spkiPin(Pem.readCertificates(caPem).get(0)).equals(pinned.spkiPin())) {
                throw new CommandFailure(ExitCodes.FAILURE, "the relay's CA does not match --ca-pin; not saving anything");
            }
            JsonNode me = api.get("/api/v1/whoami");
            if (cert) {
                return withCertificate(api, config, caPem, me, file);
            }
            new Credentials(config.relay().toString(), config.token(), caPem).save(file);
            System.err.println("logged in to " + config.relay() + " as " + me.path("user").asText() + " ("
                    + me.path("role").asText() + "); saved in " + file);
        }
        return ExitCodes.OK;
    }

    private int withCertificate(AdminClient api, ClientConfig config, String caPem, JsonNode me, Path file) {
        String user = me.path("user").asText();
        KeyPair keys = KeyAlgorithm.EC_P256.generate();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("csr", Csr.create(keys, user));
        if (certTtl != null) {
            body.put("ttlSeconds", certTtl.toSeconds());
        }
        JsonNode issued = api.post("/api/v1/users/me/certificates", body);
        String certificatePem = issued.path("certificate").asText();
        X509Certificate certificate = Pem.readCertificates(certificatePem).get(0);
        ClientConfig byCert = config.withIdentity(new TlsIdentity(keys.getPrivate(), certificate));
        try (AdminClient check = new AdminClient(byCert)) {
            check.get("/api/v1/whoami");
        }
        new Credentials(config.relay().toString(), null, caPem, certificatePem, Pem.encode(keys.getPrivate()))
                .save(file);
        System.err.println("logged in to " + config.relay() + " as " + user + " (" + me.path("role").asText()
                + ") with a client certificate (SHA-256 " + issued.path("fingerprint").asText() + ", valid until "
                + issued.path("notAfter").asText() + "); saved in " + file + " without the token");
        return ExitCodes.OK;
    }
}
