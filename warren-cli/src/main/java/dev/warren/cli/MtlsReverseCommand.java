package dev.warren.cli;

import dev.warren.mtls.MtlsConfig;
import dev.warren.mtls.TunnelConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warren mtls reverse}: TLS in from allowed peers only, plain out. */
@Command(name = "reverse", mixinStandardHelpOptions = true,
        description = {"Accept mutual TLS on --listen from allowed peers and carry each connection to --connect in the clear.",
            "A client needs TLS 1.3 and a certificate from --ca whose CN, DNS SAN or URI SAN matches an --allow-name.",
            "Patterns: node1, *.plant.example, spiffe://plant/* ('*' never crosses a '.' or '/', except a final '/*')."})
final class MtlsReverseCommand implements Callable<Integer> {
    @Mixin
    MtlsOptions options;

    @Option(names = "--allow-name", paramLabel = "PATTERN", description = "A peer name allowed in (repeatable; at least one).")
    List<String> allowNames = List.of();

    @Option(names = "--allow-any-name", description = "Allow any certificate of --ca, whatever its name (instead of --allow-name).")
    boolean allowAnyName;

    @Option(names = "--proxy-protocol", description = "Send a PROXY v2 header to --connect with the peer's address and identity.")
    boolean proxyProtocol;

    @Override
    public Integer call() {
        TunnelConfig t = options.tunnel(TunnelConfig.Mode.REVERSE, allowNames, allowAnyName, null, proxyProtocol);
        return MtlsOptions.run(new MtlsConfig(List.of(t), options.status, null, options.ioThreads));
    }
}
