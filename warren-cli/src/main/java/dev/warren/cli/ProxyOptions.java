package dev.warren.cli;

import dev.warren.common.net.HostPort;
import dev.warren.transport.proxy.ProxySelection;
import dev.warren.transport.proxy.ProxySpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --proxy} and {@code --proxy-credentials}, shared by the commands that dial the relay. */
final class ProxyOptions {
    @Option(names = "--proxy", paramLabel = "URL",
            description = "Reach the relay through a proxy: http://[user:password@]host:port (HTTP CONNECT, Basic"
                    + " auth) or socks5://[user:password@]host:port (the proxy resolves the relay's name); 'none' for"
                    + " direct. Default: $HTTPS_PROXY unless $NO_PROXY names the relay.")
    String proxy;

    @Option(names = "--proxy-credentials", paramLabel = "FILE",
            description = "File with one line user:password for the proxy (owner-only permissions, e.g. chmod 600).")
    Path credentials;

    /** The proxy for {@code relay}, or null; a bad flag, environment or file is a usage error. */
    ProxySpec choose(HostPort relay) {
        try {
            return ProxySelection.choose(proxy, credentials, System.getenv(), relay);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }
}
