package dev.warren.cli;

import dev.warren.agent.AgentFiles;
import dev.warren.agent.Enrollment;
import dev.warren.api.enroll.DeviceNames;
import dev.warren.common.net.HostPort;
import dev.warren.pki.BootstrapToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren agent enroll}: get this device a certificate from the relay with a one-time token. */
@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = {"Enroll this device: make a key pair, send a CSR with the bootstrap token, keep the certificate.",
            "The token carries the relay CA's pin, so the relay is authenticated before anything is sent."})
final class AgentEnrollCommand implements Callable<Integer> {
    @Option(names = "--relay", required = true, paramLabel = "HOST:PORT", converter = HostPorts.class, description = "The relay.")
    HostPort relay;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bootstrap token from 'warren admin enroll-token create' (or $WARREN_ENROLL_TOKEN).")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the bootstrap token.")
    Path tokenFile;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "This device's name, e.g. dev-42.")
    String name;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "agent-data", description = "Where the identity is kept (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label for the device (repeatable), e.g. site=plant-b.")
    List<String> labels = List.of();

    @Option(names = "--force", description = "Replace an identity already in --data.")
    boolean force;

    @picocli.CommandLine.Mixin
    ProxyOptions proxyOptions = new ProxyOptions();

    @Override
    public Integer call() throws Exception {
        String secret = secret();
        // what the command line says is checked here, before a key is made or the relay is asked
        BootstrapToken.parse(secret);
        DeviceNames.problem(name).ifPresent(problem -> {
            throw new CommandFailure(ExitCodes.USAGE, "--" + problem);
        });
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (String l : labels) {
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new CommandFailure(ExitCodes.USAGE, "label: '" + l + "' (expected: key=value)");
            }
            labelMap.put(l.substring(0, eq), l.substring(eq + 1));
        }
        try {
            AgentFiles.Enrolled enrolled = Enrollment.enroll(
                    new Enrollment.Request(relay, secret, name, labelMap, force, proxyOptions.choose(relay)), new AgentFiles(data));
            System.err.println("enrolled as '" + enrolled.name() + "' (device " + enrolled.deviceId() + "); identity in "
                    + data + ". Next: warren agent run --data " + data + " --service ssh=127.0.0.1:22");
            return ExitCodes.OK;
        } catch (Enrollment.EnrollmentException e) {
            String message = e.getMessage();
            int code = message.contains("HTTP 401") ? ExitCodes.UNAUTHENTICATED
                    : message.contains("HTTP 409") || message.contains("HTTP 403") ? ExitCodes.REFUSED
                    : message.contains("HTTP 400") ? ExitCodes.USAGE : ExitCodes.FAILURE;
            if (message.contains("HTTP 409") && message.contains("is already taken")) {
                // re-enrolling a device (a lost key, a re-imaged disk) under its name: the old record must go first
                message += "; to enroll a device again under its name, an admin deletes the old one first: "
                        + "warren admin devices delete " + name;
            }
            throw new CommandFailure(code, message);
        }
    }

    /** The token the command line names (--token or --token-file, not both), else $WARREN_ENROLL_TOKEN. */
    private String secret() throws IOException {
        if (token != null && tokenFile != null) {
            throw new CommandFailure(ExitCodes.USAGE, "both --token and --token-file (expected: one of them)");
        }
        if (tokenFile != null) {
            if (!Files.isRegularFile(tokenFile) || !Files.isReadable(tokenFile)) {
                throw new CommandFailure(ExitCodes.USAGE, "--token-file " + tokenFile + ": "
                        + (Files.exists(tokenFile) ? "not a readable file" : "no such file"));
            }
            return Files.readString(tokenFile).trim();
        }
        String secret = OperatorOptions.first(token, System.getenv("WARREN_ENROLL_TOKEN"));
        if (secret == null) {
            throw new CommandFailure(ExitCodes.USAGE, "no bootstrap token: give --token, --token-file or WARREN_ENROLL_TOKEN");
        }
        return secret;
    }
}
