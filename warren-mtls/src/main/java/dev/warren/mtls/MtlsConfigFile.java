package dev.warren.mtls;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.warren.common.net.HostPort;
import dev.warren.common.yaml.YamlFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The YAML form of {@link MtlsConfig} ({@code warren mtls run --config FILE}); unknown keys are errors, relative paths
 * are relative to the file. Example:
 *
 * <pre>
 * status: 127.0.0.1:9100
 * tunnels:
 *   - name: controller
 *     mode: reverse
 *     listen: 0.0.0.0:2021
 *     connect: unix:/run/bluechi/bluechi.sock
 *     cert: node1.crt
 *     key: node1.key
 *     ca: ca.crt
 *     allow-names: [node2, "spiffe://plant/*"]
 *     proxy-protocol: false
 * </pre>
 */
public final class MtlsConfigFile {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private MtlsConfigFile() {}

    record File(@JsonProperty("status") String status, @JsonProperty("reload-check") String reloadCheck,
                @JsonProperty("io-threads") Integer ioThreads, @JsonProperty("tunnels") List<Tunnel> tunnels) {}

    record Tunnel(@JsonProperty("name") String name, @JsonProperty("mode") String mode,
                  @JsonProperty("listen") String listen, @JsonProperty("connect") String connect,
                  @JsonProperty("cert") String cert, @JsonProperty("key") String key, @JsonProperty("ca") String ca,
                  @JsonProperty("allow-names") List<String> allowNames,
                  @JsonProperty("allow-any-name") Boolean allowAnyName,
                  @JsonProperty("server-name") String serverName,
                  @JsonProperty("proxy-protocol") Boolean proxyProtocol,
                  @JsonProperty("socket-mode") String socketMode, @JsonProperty("socket-owner") String socketOwner,
                  @JsonProperty("socket-group") String socketGroup, @JsonProperty("tls-groups") List<String> tlsGroups) {}

    /** Reads and validates a file; every error names the file, the tunnel and the key. */
    public static MtlsConfig read(Path path) {
        File file = YamlFiles.read(path, File.class);
        if (file == null || file.tunnels() == null || file.tunnels().isEmpty()) {
            throw new IllegalArgumentException(path + ": no tunnels (expected: a 'tunnels:' list)");
        }
        Path base = path.toAbsolutePath().getParent();
        List<TunnelConfig> tunnels = new ArrayList<>();
        for (int i = 0; i < file.tunnels().size(); i++) {
            Tunnel t = file.tunnels().get(i);
            String name = t.name() != null ? t.name() : "tunnel-" + (i + 1);
            try {
                tunnels.add(tunnel(t, name, base));
            } catch (IllegalArgumentException e) {
                String message = e.getMessage().startsWith("tunnel ") ? e.getMessage() : "tunnel " + name + ": " + e.getMessage();
                throw new IllegalArgumentException(path + ": " + message, e);
            }
        }
        try {
            return new MtlsConfig(tunnels, file.status() == null ? null : HostPort.parse(file.status()),
                    file.reloadCheck() == null ? null : duration(file.reloadCheck()),
                    file.ioThreads() == null ? 0 : file.ioThreads());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private static TunnelConfig tunnel(Tunnel t, String name, Path base) {
        if (t.mode() == null) {
            throw new IllegalArgumentException("mode: missing (expected: forward or reverse)");
        }
        TunnelConfig.Mode mode = switch (t.mode().toLowerCase(Locale.ROOT)) {
            case "forward" -> TunnelConfig.Mode.FORWARD;
            case "reverse" -> TunnelConfig.Mode.REVERSE;
            default -> throw new IllegalArgumentException("mode: '" + t.mode() + "' (expected: forward or reverse)");
        };
        return new TunnelConfig(name, mode, t.listen() == null ? null : Endpoint.parse(t.listen()),
                t.connect() == null ? null : Endpoint.parse(t.connect()), resolve(base, t.cert()), resolve(base, t.key()),
                resolve(base, t.ca()),
                t.allowNames() == null ? List.of() : t.allowNames().stream().map(PeerNamePattern::new).toList(),
                Boolean.TRUE.equals(t.allowAnyName()), t.serverName(), Boolean.TRUE.equals(t.proxyProtocol()),
                new SocketFileOptions(t.socketMode(), t.socketOwner(), t.socketGroup()), t.tlsGroups());
    }

    private static Path resolve(Path base, String file) {
        return file == null ? null : base.resolve(file).normalize();
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("reload-check: '" + text + "' (expected: e.g. 500ms, 2s, 1m)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
