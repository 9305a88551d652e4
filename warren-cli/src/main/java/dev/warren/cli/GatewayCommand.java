package dev.warren.cli;

import dev.warren.common.net.HostPort;
import dev.warren.gateway.GatewayConfig;
import dev.warren.gateway.GatewayServer;
import dev.warren.gateway.internal.Cidr;
import dev.warren.gateway.internal.Credentials;
import dev.warren.gateway.internal.DestinationRule;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren gateway}: the egress HTTP CONNECT proxy for OT networks. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Run an HTTP CONNECT proxy that lets agents in a closed network reach only the allowed destinations.",
            "Without --htpasswd it creates a 64-character password for user warren-gateway and prints it (or takes WARREN_GATEWAY_PASSWORD)."})
final class GatewayCommand implements Callable<Integer> {
    static final String USER = "warren-gateway";

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with the same settings (flags win).")
    Path configFile;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default: 0.0.0.0:3128).")
    String listen;

    @Option(names = "--allow-dst", paramLabel = "HOST:PORT", description = "Allowed destination: host:port, *.domain:port or CIDR:port (repeatable).")
    List<String> allowDst = List.of();

    @Option(names = "--allow-src", paramLabel = "CIDR", description = "Allowed client addresses (repeatable; default: any).")
    List<String> allowSrc = List.of();

    @Option(names = "--deny-dst", paramLabel = "CIDR", description = "Resolved addresses never connected to (repeatable).")
    List<String> denyDst = List.of();

    @Option(names = "--htpasswd", paramLabel = "FILE", description = "Apache htpasswd file (bcrypt, htpasswd -B); reloaded when it changes.")
    Path htpasswd;

    @Option(names = "--allow-weak-hashes", description = "Accept {SHA} and plain-text entries in the htpasswd file.")
    Boolean allowWeak;

    @Option(names = "--max-header-bytes", paramLabel = "N", description = "Largest request header (default: 8192).")
    Integer maxHeaderBytes;

    @Option(names = "--header-timeout", paramLabel = "DURATION", description = "Time to send the request header (default: 10s).")
    String headerTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", description = "A tunnel idle this long is closed (default: 10m).")
    String idleTimeout;

    @Option(names = "--max-conns-per-source", paramLabel = "N", description = "Open connections per client address (default: 256).")
    Integer maxPerSource;

    @Option(names = "--max-conns", paramLabel = "N", description = "Open connections in total (default: 10000).")
    Integer maxConns;

    @Override
    public Integer call() throws Exception {
        GatewayConfigFile file = configFile == null ? GatewayConfigFile.NONE : GatewayConfigFile.read(configFile);
        GatewayConfig config;
        try {
            config = config(file);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
        Credentials credentials = credentials(file);
        GatewayServer server = GatewayServer.start(config, credentials);
        Output.err().println("gateway: listening on " + server.address());
        Signals.awaitShutdown(server::close);
        return ExitCodes.OK;
    }

    private GatewayConfig config(GatewayConfigFile file) {
        GatewayConfig.Limits d = GatewayConfig.Limits.DEFAULTS;
        var limits = new GatewayConfig.Limits(
                pick(maxHeaderBytes, file.maxHeaderBytes(), d.maxHeaderBytes()),
                duration(headerTimeout, file.headerTimeout(), d.headerTimeout()),
                duration(idleTimeout, file.idleTimeout(), d.idleTimeout()),
                pick(maxPerSource, file.maxPerSource(), d.maxPerSource()),
                pick(maxConns, file.maxConns(), d.maxTotal()));
        String address = listen != null ? listen : file.listen() != null ? file.listen() : "0.0.0.0:3128";
        return new GatewayConfig(HostPort.parse(address, 3128),
                merged(allowDst, file.allowDst()).stream().map(DestinationRule::parse).toList(),
                merged(allowSrc, file.allowSrc()).stream().map(Cidr::parse).toList(),
                merged(denyDst, file.denyDst()).stream().map(Cidr::parse).toList(), limits);
    }

    private Credentials credentials(GatewayConfigFile file) {
        Path path = htpasswd != null ? htpasswd : file.htpasswd() == null ? null : Path.of(file.htpasswd());
        boolean weak = allowWeak != null ? allowWeak : Boolean.TRUE.equals(file.allowWeakHashes());
        if (path != null) {
            try {
                return Credentials.fromFile(path, weak);
            } catch (IOException | IllegalArgumentException e) {
                throw new CommandFailure(ExitCodes.USAGE, "--htpasswd: " + e.getMessage());
            }
        }
        String env = System.getenv("WARREN_GATEWAY_PASSWORD");
        if (env != null && !env.isEmpty()) {
            Output.err().println("gateway: user " + USER + ", password from WARREN_GATEWAY_PASSWORD");
            return Credentials.forPassword(USER, env.toCharArray());
        }
        String password = generate();
        Output.secret("gateway: user " + USER + ", generated password (shown once, next line on stdout):", password);
        return Credentials.forPassword(USER, password.toCharArray());
    }

    static String generate() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < 64; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return b.toString();
    }

    private static List<String> merged(List<String> flags, List<String> file) {
        List<String> all = new ArrayList<>(flags);
        if (file != null) all.addAll(file);
        return all;
    }

    private static int pick(Integer flag, Integer file, int fallback) {
        return flag != null ? flag : file != null ? file : fallback;
    }

    private static Duration duration(String flag, String file, Duration fallback) {
        String v = flag != null ? flag : file;
        return v == null ? fallback : Durations.parse(v);
    }
}
