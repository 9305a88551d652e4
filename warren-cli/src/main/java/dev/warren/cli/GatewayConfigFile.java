package dev.warren.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The YAML form of {@code gateway --config}: the same settings as the flags; unknown keys are errors. */
record GatewayConfigFile(@JsonProperty("listen") String listen, @JsonProperty("allow-dst") List<String> allowDst,
        @JsonProperty("allow-src") List<String> allowSrc, @JsonProperty("deny-dst") List<String> denyDst,
        @JsonProperty("htpasswd") String htpasswd, @JsonProperty("allow-weak-hashes") Boolean allowWeakHashes,
        @JsonProperty("max-header-bytes") Integer maxHeaderBytes, @JsonProperty("header-timeout") String headerTimeout,
        @JsonProperty("idle-timeout") String idleTimeout, @JsonProperty("max-conns-per-source") Integer maxPerSource,
        @JsonProperty("max-conns") Integer maxConns) {

    static final GatewayConfigFile NONE = new GatewayConfigFile(null, null, null, null, null, null, null, null, null, null, null);

    static GatewayConfigFile read(Path path) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return yaml.readValue(path.toFile(), GatewayConfigFile.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new CommandFailure(ExitCodes.USAGE, path + ": unknown key '" + e.getPropertyName() + "' (expected: listen, allow-dst,"
                    + " allow-src, deny-dst, htpasswd, allow-weak-hashes, max-header-bytes, header-timeout, idle-timeout,"
                    + " max-conns-per-source, max-conns)");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CommandFailure(ExitCodes.USAGE, path + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.USAGE, path + ": " + e.getMessage());
        }
    }
}
