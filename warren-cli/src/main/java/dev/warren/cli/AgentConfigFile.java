package dev.warren.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The YAML form of {@code agent run --config}: unknown keys are errors. One device identity ({@code data},
 * {@code services}), or several ({@code identities}: the "virtual devices" of one agent process, each with its own
 * enrolled data directory, certificate, connection and services, each disconnectable on its own).
 *
 * <p>Read with {@link YamlTree} (SnakeYAML's composer), not Jackson: the agent is the long-running process on small
 * devices, and Jackson's classes would stay in its metaspace for as long as it runs.
 */
record AgentConfigFile(String data, String relay, Map<String, String> services, List<String> forwards,
        String keepalive, List<Identity> identities) {

    static final AgentConfigFile NONE = new AgentConfigFile(null, null, null, null, null, null);

    private static final Set<String> KEYS = Set.of("data", "relay", "services", "forwards", "keepalive", "identities");
    private static final Set<String> IDENTITY_KEYS = Set.of("data", "relay", "services", "forwards");
    private static final String EXPECTED_KEYS = "expected: data, relay, services, forwards, keepalive, identities; in an"
            + " identity: data, relay, services, forwards";

    /** One device identity of a multi-identity agent; {@code relay} overrides the file's and the enrolled one. */
    record Identity(String data, String relay, Map<String, String> services, List<String> forwards) {}

    boolean hasIdentities() {
        return identities != null && !identities.isEmpty();
    }

    static AgentConfigFile read(Path path) {
        try {
            Object tree = YamlTree.read(path);
            if (tree == null) {
                return NONE;
            }
            Map<String, Object> top = mapping(tree, "the file", "a mapping: " + EXPECTED_KEYS);
            knownKeys(top, KEYS);
            List<Identity> identities = null;
            List<Object> list = list(top.get("identities"), "identities", "a list of {data, relay, services, forwards}");
            if (list != null) {
                identities = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    identities.add(identity(list.get(i), "identities[" + i + "]"));
                }
            }
            return new AgentConfigFile(string(top.get("data"), "data"), string(top.get("relay"), "relay"),
                    services(top.get("services"), "services"), strings(top.get("forwards"), "forwards"),
                    string(top.get("keepalive"), "keepalive"), identities);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, path + ": " + e.getMessage());
        }
    }

    /** An empty list item ({@code - }) stays null: the command says what an identity needs. */
    private static Identity identity(Object value, String where) {
        if (value == null) {
            return null;
        }
        Map<String, Object> map = mapping(value, where, "a mapping with data, relay, services, forwards");
        knownKeys(map, IDENTITY_KEYS);
        return new Identity(string(map.get("data"), where + ".data"), string(map.get("relay"), where + ".relay"),
                services(map.get("services"), where + ".services"), strings(map.get("forwards"), where + ".forwards"));
    }

    private static void knownKeys(Map<String, Object> map, Set<String> known) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' (" + EXPECTED_KEYS + ")");
            }
        }
    }

    private static Map<String, String> services(Object value, String where) {
        if (value == null) {
            return null;
        }
        Map<String, String> services = new LinkedHashMap<>();
        mapping(value, where, "a mapping of service name to host:port")
                .forEach((name, address) -> {
                    if (address == null) {
                        throw new IllegalArgumentException(where + "." + name + ": nothing (expected: host:port)");
                    }
                    services.put(name, string(address, where + "." + name));
                });
        return services;
    }

    private static List<String> strings(Object value, String where) {
        List<Object> list = list(value, where, "a list of LISTEN=DEVICE/SERVICE");
        if (list == null) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            strings.add(string(list.get(i), where + "[" + i + "]"));
        }
        return strings;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value, String where, String expected) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(where + ": " + describe(value) + " (expected: " + expected + ")");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String where, String expected) {
        if (value == null || value instanceof List<?>) {
            return (List<Object>) value;
        }
        throw new IllegalArgumentException(where + ": " + describe(value) + " (expected: " + expected + ")");
    }

    private static String string(Object value, String where) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException(where + ": " + describe(value) + " (expected: a single value)");
    }

    private static String describe(Object value) {
        return switch (value) {
            case Map<?, ?> m -> "a mapping";
            case List<?> l -> "a list";
            case null -> "nothing";
            default -> "'" + value + "'";
        };
    }
}
