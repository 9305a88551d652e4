package dev.warren.agent;

import dev.warren.common.net.HostPort;
import java.util.regex.Pattern;

/**
 * One service forwarder: connections to {@code listen} (on this host) become streams through the relay to
 * {@code service} of {@code device}, as far as the relay allows this device to reach it (a device-to-device grant).
 *
 * @param listen the exact address to listen on (never a wildcard the user did not write)
 * @param device the target device's name or id
 * @param service the target service's name
 */
public record Forward(HostPort listen, String device, String service) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public Forward {
        if (listen == null) {
            throw new IllegalArgumentException("forward: no listen address (expected: host:port=device/service)");
        }
        if (device == null || !NAME.matcher(device).matches()) {
            throw new IllegalArgumentException("forward device: '" + device + "' (expected: a device name or id)");
        }
        if (service == null || !SERVICE.matcher(service).matches()) {
            throw new IllegalArgumentException("forward service: '" + service
                    + "' (expected: lowercase letters, digits, '.', '_' or '-', 1..63)");
        }
    }

    /** Parses {@code host:port=device/service} as given to {@code --forward}, e.g. {@code 172.17.0.1:15432=plant-b/postgres}. */
    public static Forward parse(String spec) {
        String expected = " (expected: host:port=device/service, e.g. 172.17.0.1:15432=plant-b/postgres)";
        int eq = spec.lastIndexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("forward: '" + spec + "'" + expected);
        }
        String target = spec.substring(eq + 1).trim();
        int slash = target.indexOf('/');
        if (slash <= 0 || slash == target.length() - 1 || target.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("forward: '" + spec + "'" + expected);
        }
        HostPort listen;
        try {
            listen = HostPort.parse(spec.substring(0, eq).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("forward: '" + spec + "': " + e.getMessage() + expected, e);
        }
        if (listen.port() == 0) {
            throw new IllegalArgumentException("forward: '" + spec + "': port 0" + expected);
        }
        return new Forward(listen, target.substring(0, slash), target.substring(slash + 1));
    }

    @Override
    public String toString() {
        return listen + "=" + device + "/" + service;
    }
}
