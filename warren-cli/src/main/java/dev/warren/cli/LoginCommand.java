package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.client.ClientConfig;
import dev.warren.client.Credentials;
import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.Pem;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code warren login}: check an API token against the relay and keep it for later commands. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Verify the relay (by --ca or --ca-pin) and the API token, then save both for later commands.",
            "The token comes from --token, WARREN_TOKEN, or one line on standard input."})
final class LoginCommand implements Callable<Integer> {
    @Mixin
    OperatorOptions operator;

    @Override
    public Integer call() throws Exception {
        String relay = OperatorOptions.first(operator.relay, System.getenv("WARREN_RELAY"));
        if (relay == null) {
            throw new CommandFailure(ExitCodes.USAGE, "no relay: give --relay HOST:PORT");
        }
        String token = OperatorOptions.first(operator.token, System.getenv("WARREN_TOKEN"));
        if (token == null) {
            System.err.print("API token: ");
            System.err.flush();
            java.io.Console console = System.console();
            token = console != null ? new String(console.readPassword())
                    : new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        }
        if (token == null || token.isBlank()) {
            throw new CommandFailure(ExitCodes.UNAUTHENTICATED, "no API token given");
        }
        TrustPolicy trust = operator.trust(Optional.empty());
        ClientConfig config = new ClientConfig(HostPort.parse(relay, 7443), token.trim(), trust, null);
        try (AdminClient api = new AdminClient(config)) {
            String caPem = api.get("/api/v1/ca").path("certificate").asText();
            if (trust instanceof TrustPolicy.Pinned pinned
                    && !Fingerprints.spkiPin(Pem.readCertificates(caPem).get(0)).equals(pinned.spkiPin())) {
                throw new CommandFailure(ExitCodes.FAILURE, "the relay's CA does not match --ca-pin; not saving anything");
            }
            JsonNode me = api.get("/api/v1/whoami");
            Path file = operator.credentials != null ? operator.credentials : Credentials.defaultFile();
            new Credentials(config.relay().toString(), config.token(), caPem).save(file);
            System.err.println("logged in to " + config.relay() + " as " + me.path("user").asText() + " ("
                    + me.path("role").asText() + "); saved in " + file);
        }
        return ExitCodes.OK;
    }
}
