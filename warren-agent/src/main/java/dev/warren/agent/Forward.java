package dev.warren.agent;

import dev.warren.common.net.HostPort;
import java.util.regex.Pattern;

/**
 * A service forwarder: connections to {@code listen} on this host become streams, through the relay, to {@code service}
 * of {@code device}, if the relay holds a device-to-device grant for this device. Written as
 * {@code LISTEN=DEVICE/SERVICE}, e.g. {@code 172.17.0.1:15432=plant-b/postgres}.
 */
public record Forward(HostPort listen, String device, String service) {
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public Forward {
        if (listen == null) {
            throw new IllegalArgumentException("no listen address (expected: LISTEN=DEVICE/SERVICE,"
                    + " e.g. 172.17.0.1:15432=plant-b/postgres)");
        }
        if (device == null || !DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("device '" + device + "' (expected: a device name: letters,"
                    + " digits, '.', '_' or '-')");
        }
        if (service == null || !SERVICE.matcher(service).matches()) {
            throw new IllegalArgumentException("service '" + service + "' (expected: lowercase letters,"
                    + " digits, '.', '_' or '-', 1..63)");
        }
    }

    /** Parses {@code LISTEN=DEVICE/SERVICE} as given to {@code --forward}; the caller's message names where it came from. */
    public static Forward parse(String spec) {
        int eq = spec.lastIndexOf('=');
        int slash = spec.lastIndexOf('/');
        if (eq <= 0 || slash < eq + 2 || slash == spec.length() - 1) {
            throw new IllegalArgumentException("'" + spec + "' (expected: LISTEN=DEVICE/SERVICE, e.g."
                    + " 172.17.0.1:15432=plant-b/postgres)");
        }
        HostPort listen;
        try {
            listen = HostPort.parse(spec.substring(0, eq).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + spec + "': listen address: " + e.getMessage(), e);
        }
        if (listen.port() == 0) {
            // a port the kernel picks is one nobody can point a client at
            throw new IllegalArgumentException("'" + spec + "': listen port 0 (expected: the port clients"
                    + " connect to, e.g. 172.17.0.1:15432=plant-b/postgres)");
        }
        return new Forward(listen, spec.substring(eq + 1, slash).trim(), spec.substring(slash + 1).trim());
    }

    @Override
    public String toString() {
        return listen + "=" + device + "/" + service;
    }
}
