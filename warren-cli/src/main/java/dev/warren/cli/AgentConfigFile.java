package dev.warren.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The YAML form of {@code agent run --config}: unknown keys are errors. One device identity ({@code data},
 * {@code services}), or several ({@code identities}: the "virtual devices" of one agent process, each with its own
 * enrolled data directory, certificate, connection and services, each disconnectable on its own).
 */
record AgentConfigFile(@JsonProperty("data") String data, @JsonProperty("relay") String relay,
        @JsonProperty("services") Map<String, String> services, @JsonProperty("forwards") List<String> forwards,
        @JsonProperty("keepalive") String keepalive, @JsonProperty("identities") List<Identity> identities) {

    static final AgentConfigFile NONE = new AgentConfigFile(null, null, null, null, null, null);

    /** One device identity of a multi-identity agent; {@code relay} overrides the file's and the enrolled one. */
    record Identity(@JsonProperty("data") String data, @JsonProperty("relay") String relay,
            @JsonProperty("services") Map<String, String> services,
            @JsonProperty("forwards") List<String> forwards) {}

    boolean hasIdentities() {
        return identities != null && !identities.isEmpty();
    }

    static AgentConfigFile read(Path path) {
        return Yaml.read(path);
    }

    /**
     * Jackson only in here: an agent started without {@code --config} must load none of it (verifying a class loads
     * the exception types it catches, and Jackson is ~450 classes that would stay in the agent's metaspace).
     */
    private static final class Yaml {
        static AgentConfigFile read(Path path) {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            try {
                return yaml.readValue(path.toFile(), AgentConfigFile.class);
            } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
                throw new CommandFailure(ExitCodes.USAGE, path + ": unknown key '" + e.getPropertyName()
                        + "' (expected: data, relay, services, forwards, keepalive, identities; in an identity:"
                        + " data, relay, services, forwards)");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CommandFailure(ExitCodes.USAGE, path + ": " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new CommandFailure(ExitCodes.USAGE, path + ": " + e.getMessage());
            }
        }
    }
}
