package dev.warren.cli;

import dev.warren.common.net.HostPort;
import dev.warren.gateway.Gateway;
import dev.warren.gateway.GatewayConfig;
import dev.warren.gateway.GatewayPasswords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren gateway}: the egress CONNECT proxy for networks whose only way out should be the relay. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Run the egress gateway: an HTTP CONNECT proxy with Basic auth that lets out only the listed destinations.",
            "Without --htpasswd it uses user warren-gateway with WARREN_GATEWAY_PASSWORD, or generates a password and prints it once."})
final class GatewayCommand implements Callable<Integer> {
    static final String PASSWORD_ENV = "WARREN_GATEWAY_PASSWORD";

    /** Where {@value #PASSWORD_ENV} is read (tests give their own). */
    java.util.function.UnaryOperator<String> environment = System::getenv;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file with the same names as these options (listen, allow-dst, ...); options given here win.")
    Path configFile;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPorts.class, description = "Address to listen on (default: 0.0.0.0:3128).")
    HostPort listen;

    @Option(names = "--allow-dst", paramLabel = "DEST", description = "An allowed destination (repeatable): HOST:PORT, *.DOMAIN:PORT or CIDR:PORT.")
    List<String> allowDst = List.of();

    @Option(names = "--allow-src", paramLabel = "CIDR", description = "A source network allowed to connect (repeatable; default: any).")
    List<String> allowSrc = List.of();

    @Option(names = "--deny-dst", paramLabel = "CIDR", description = "Refuse a destination whose resolved address is in this network (repeatable), e.g. 10.0.0.0/8.")
    List<String> denyDst = List.of();

    @Option(names = "--htpasswd", paramLabel = "FILE", description = "Apache htpasswd file (bcrypt, htpasswd -B); reloaded when it changes.")
    Path htpasswd;

    @Option(names = "--allow-weak-hashes", description = "Also accept {SHA}, $apr1$ (MD5) and plain entries.")
    Boolean allowWeakHashes;

    @Option(names = "--user", paramLabel = "NAME", description = "User name without --htpasswd (default: warren-gateway).")
    String user;

    @Option(names = "--max-header-bytes", paramLabel = "N", description = "Largest request header block (default: 8192).")
    Integer maxHeaderBytes;

    @Option(names = "--header-timeout", paramLabel = "DURATION", converter = Durations.class, description = "Time to send the whole request (default: 10s).")
    Duration headerTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = Durations.class, description = "Close a tunnel silent both ways this long (default: 10m).")
    Duration idleTimeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = Durations.class, description = "Time to connect to the destination (default: 10s).")
    Duration connectTimeout;

    @Option(names = "--max-per-source", paramLabel = "N", description = "Open connections per source address (default: 256).")
    Integer maxPerSource;

    @Option(names = "--max-connections", paramLabel = "N", description = "Open connections in total (default: 10000).")
    Integer maxConnections;

    @Option(names = "--io-threads", paramLabel = "N", description = "Event loop threads (default: 0 = twice the cores).")
    Integer ioThreads;

    @Override
    public Integer call() {
        Gateway gateway = start();
        Signals.awaitShutdown(gateway::close);
        return ExitCodes.OK;
    }

    /** Builds the configuration (file, then options), starts the gateway and prints a generated password. */
    Gateway start() {
        GatewayConfigFile file = configFile == null ? GatewayConfigFile.NONE : GatewayConfigFile.read(configFile);
        HostPort address = listen != null ? listen
                : HostPort.parse(or(file.listen(), "0.0.0.0:3128"), -1);
        Path passwords = htpasswd != null ? htpasswd : file.htpasswd() == null ? null : Path.of(file.htpasswd());
        GatewayConfig.Limits d = GatewayConfig.Limits.DEFAULTS;
        GatewayConfig.Limits limits = new GatewayConfig.Limits(
                or(maxHeaderBytes, or(file.maxHeaderBytes(), d.maxHeaderBytes())),
                duration(headerTimeout, file.headerTimeout(), "header-timeout", d.headerTimeout()),
                duration(idleTimeout, file.idleTimeout(), "idle-timeout", d.idleTimeout()),
                duration(connectTimeout, file.connectTimeout(), "connect-timeout", d.connectTimeout()),
                or(maxPerSource, or(file.maxPerSource(), d.maxPerSource())),
                or(maxConnections, or(file.maxConnections(), d.maxConnections())));
        String name = or(user, or(file.user(), GatewayConfig.DEFAULT_USER));
        String password = null;
        boolean generated = false;
        if (passwords == null) {
            password = environment.apply(PASSWORD_ENV);
            if (password == null || password.isEmpty()) {
                password = GatewayPasswords.generate();
                generated = true;
            } else if (password.length() < GatewayConfig.MIN_PASSWORD_LENGTH) {
                throw new IllegalArgumentException(PASSWORD_ENV + ": " + password.length() + " characters (expected: at least "
                        + GatewayConfig.MIN_PASSWORD_LENGTH + "; or leave it unset for a generated one, or use --htpasswd)");
            }
        }
        GatewayConfig config = new GatewayConfig(address.resolved(), list(allowDst, file.allowDst()),
                list(allowSrc, file.allowSrc()), list(denyDst, file.denyDst()), passwords,
                or(allowWeakHashes, or(file.allowWeakHashes(), false)), passwords == null ? name : null, password, limits);
        int threads = or(ioThreads, or(file.ioThreads(), 0));
        if (threads < 0) {
            throw new IllegalArgumentException("io-threads: " + threads + " (expected: 0 for Netty's default, or more)");
        }
        Gateway gateway = Gateway.start(config, threads);
        Output.err().println("gateway listening on " + Gateway.hostPort(gateway.address()));
        if (generated) {
            Output.secret("Generated a password for user " + name + " (shown once; set " + PASSWORD_ENV
                    + " or use --htpasswd to choose one). Proxy URL: http://" + name + ":PASSWORD@HOST:"
                    + gateway.port() + "\npassword:", password);
        }
        return gateway;
    }

    private static List<String> list(List<String> option, List<String> fromFile) {
        return !option.isEmpty() || fromFile == null ? option : fromFile;
    }

    private Duration duration(Duration option, String fromFile, String key, Duration fallback) {
        if (option != null || fromFile == null) {
            return option != null ? option : fallback;
        }
        try {
            return Durations.parse(fromFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": " + key + ": " + e.getMessage(), e);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
