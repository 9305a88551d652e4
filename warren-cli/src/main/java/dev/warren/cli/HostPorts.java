package dev.warren.cli;

import dev.warren.common.net.HostPort;
import picocli.CommandLine.ITypeConverter;

/** {@code host:port} options. */
final class HostPorts implements ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
        return HostPort.parse(value);
    }
}
