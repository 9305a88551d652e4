package dev.warren.cli;

import dev.warren.common.net.HostPort;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code host:port} options. */
final class HostPorts implements ITypeConverter<HostPort> {
    /** picocli names the option; a TypeConversionException keeps it from adding the exception's class name. */
    @Override
    public HostPort convert(String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
