package dev.warren.cli;

import dev.warren.common.net.HostPort;
import dev.warren.mtls.MtlsConfig;
import dev.warren.mtls.MtlsProxy;
import dev.warren.mtls.SocketFileOptions;
import dev.warren.mtls.TunnelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** What {@code warren mtls forward} and {@code reverse} share: addresses, TLS files, socket file, status listener. */
final class MtlsOptions {
    private static final Logger log = LoggerFactory.getLogger(MtlsOptions.class);

    @Option(names = "--listen", paramLabel = "ADDRESS", required = true, description = "host:port or unix:/path to accept on.")
    String listen;

    @Option(names = "--connect", paramLabel = "ADDRESS", required = true, description = "host:port or unix:/path to connect to.")
    String connect;

    @Option(names = "--cert", paramLabel = "FILE", required = true, description = "Our certificate (PEM; a combined cert+key file is fine).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", required = true, description = "Our private key (PEM, PKCS#8).")
    Path key;

    @Option(names = "--ca", paramLabel = "FILE", required = true, description = "CA certificate(s) the peer's certificate must come from.")
    Path ca;

    @Option(names = "--socket-mode", paramLabel = "MODE", description = "Mode of a Unix socket listener, e.g. 0660.")
    String socketMode;

    @Option(names = "--socket-owner", paramLabel = "USER", description = "Owner of a Unix socket listener.")
    String socketOwner;

    @Option(names = "--socket-group", paramLabel = "GROUP", description = "Group of a Unix socket listener.")
    String socketGroup;

    @Option(names = "--status", paramLabel = "HOST:PORT", converter = HostPorts.class,
            description = "Serve /healthz and Prometheus /metrics here (plain HTTP; keep it on 127.0.0.1).")
    HostPort status;

    @Option(names = "--tls-groups", paramLabel = "GROUP", split = ":",
            description = "Key-exchange groups in order, e.g. X25519MLKEM768:X25519 (default: the provider's; with BoringSSL the hybrid post-quantum X25519MLKEM768 first).")
    List<String> tlsGroups = List.of();

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0", description = "Event loop threads (default: 0 = twice the cores, Netty's default).")
    int ioThreads;

    TunnelConfig tunnel(TunnelConfig.Mode mode, List<String> allowNames, boolean allowAny, String serverName, boolean proxy) {
        return TunnelConfig.of(mode, listen, connect, cert, key, ca, allowNames, allowAny, serverName, proxy,
                new SocketFileOptions(socketMode, socketOwner, socketGroup), tlsGroups);
    }

    /**
     * Runs until SIGTERM/Ctrl-C; SIGHUP reloads the certificate files. SIGHUP is taken before the start, which can be
     * long (certificates, binds): a HUP then would otherwise stop the process (the JVM's default), and it is kept as a
     * reload once the proxy runs.
     */
    static int run(MtlsConfig config) {
        CompletableFuture<MtlsProxy> running = new CompletableFuture<>();
        Signals.onHangup(() -> running.thenAccept(MtlsOptions::reloadOnHangup), "kill -HUP does not reload the"
                + " certificates; they are still reloaded when their files change (checked every "
                + config.reloadCheck().toString().substring(2).toLowerCase(Locale.ROOT) + ")");
        MtlsProxy proxy = MtlsProxy.start(config);
        running.complete(proxy);
        Signals.awaitShutdown(proxy::close);
        return ExitCodes.OK;
    }

    private static void reloadOnHangup(MtlsProxy proxy) {
        log.info("SIGHUP: reading the certificate files again");
        proxy.reload();
    }
}
