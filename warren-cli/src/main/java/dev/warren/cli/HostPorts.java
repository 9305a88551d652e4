package dev.warren.cli;

import dev.warren.common.net.HostPort;
import picocli.CommandLine.ITypeConverter;

/** {@code host:port} options. */
final class HostPorts implements ITypeConverter<HostPort> {
    /** picocli names the option; {@link BadValue} keeps it from adding the exception's class name. */
    @Override
    public HostPort convert(String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw BadValue.of(e.getMessage());
        }
    }
}
