package dev.warren.cli;

import dev.warren.mtls.MtlsConfig;
import dev.warren.mtls.TunnelConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warren mtls forward}: plain in, TLS with our client certificate out. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Accept plain connections on --listen and carry each through TLS 1.3 to --connect, presenting --cert.",
            "The server must have a certificate from --ca naming --server-name (default: the host of --connect).",
            "Certificates reload on SIGHUP and when the files change; live connections keep going."})
final class MtlsForwardCommand implements Callable<Integer> {
    @Mixin
    MtlsOptions options;

    @Option(names = "--server-name", paramLabel = "NAME", description = "The name the server's certificate must carry (DNS or IP SAN).")
    String serverName;

    @Option(names = "--allow-name", paramLabel = "PATTERN", description = "Also require the server's CN/SAN to match (repeatable).")
    List<String> allowNames = List.of();

    @Override
    public Integer call() {
        TunnelConfig t = options.tunnel(TunnelConfig.Mode.FORWARD, allowNames, false, serverName, false);
        return MtlsOptions.run(new MtlsConfig(List.of(t), options.status, null, options.ioThreads));
    }
}
