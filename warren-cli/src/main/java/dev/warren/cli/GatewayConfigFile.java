package dev.warren.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The YAML form of {@code gateway --config}: the same names as the options, unknown keys are errors. */
record GatewayConfigFile(@JsonProperty("listen") String listen, @JsonProperty("allow-dst") List<String> allowDst,
        @JsonProperty("allow-src") List<String> allowSrc, @JsonProperty("deny-dst") List<String> denyDst,
        @JsonProperty("htpasswd") String htpasswd, @JsonProperty("allow-weak-hashes") Boolean allowWeakHashes,
        @JsonProperty("user") String user, @JsonProperty("max-header-bytes") Integer maxHeaderBytes,
        @JsonProperty("header-timeout") String headerTimeout, @JsonProperty("idle-timeout") String idleTimeout,
        @JsonProperty("connect-timeout") String connectTimeout, @JsonProperty("max-per-source") Integer maxPerSource,
        @JsonProperty("max-connections") Integer maxConnections, @JsonProperty("io-threads") Integer ioThreads) {

    static final GatewayConfigFile NONE =
            new GatewayConfigFile(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    static final String KEYS = "listen, allow-dst, allow-src, deny-dst, htpasswd, allow-weak-hashes, user,"
            + " max-header-bytes, header-timeout, idle-timeout, connect-timeout, max-per-source, max-connections,"
            + " io-threads";

    static GatewayConfigFile read(Path path) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            GatewayConfigFile f = yaml.readValue(path.toFile(), GatewayConfigFile.class);
            return f == null ? NONE : f;
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new CommandFailure(ExitCodes.USAGE, path + ": unknown key '" + e.getPropertyName() + "' (expected: "
                    + KEYS + ")");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CommandFailure(ExitCodes.USAGE, path + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.USAGE, path + ": " + e.getMessage());
        }
    }
}
