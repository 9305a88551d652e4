package dev.warren.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.warren.common.yaml.YamlFiles;
import java.nio.file.Path;
import java.util.List;

/** The YAML form of {@code gateway --config}: the same names as the options; unknown or repeated keys are errors. */
record GatewayConfigFile(@JsonProperty("listen") String listen, @JsonProperty("allow-dst") List<String> allowDst,
        @JsonProperty("allow-src") List<String> allowSrc, @JsonProperty("deny-dst") List<String> denyDst,
        @JsonProperty("htpasswd") String htpasswd, @JsonProperty("allow-weak-hashes") Boolean allowWeakHashes,
        @JsonProperty("user") String user, @JsonProperty("max-header-bytes") Integer maxHeaderBytes,
        @JsonProperty("header-timeout") String headerTimeout, @JsonProperty("idle-timeout") String idleTimeout,
        @JsonProperty("connect-timeout") String connectTimeout, @JsonProperty("max-per-source") Integer maxPerSource,
        @JsonProperty("max-connections") Integer maxConnections, @JsonProperty("io-threads") Integer ioThreads) {

    static final GatewayConfigFile NONE =
            new GatewayConfigFile(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    static GatewayConfigFile read(Path path) {
        try {
            GatewayConfigFile f = YamlFiles.read(path, GatewayConfigFile.class);
            return f == null ? NONE : f;
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }
}
