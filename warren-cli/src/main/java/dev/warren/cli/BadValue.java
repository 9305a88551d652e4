package dev.warren.cli;

import picocli.CommandLine.TypeConversionException;

/**
 * The exception a picocli converter throws for a value it refuses: picocli then says "Invalid value for option
 * '--x': MESSAGE", without the exception's class name. Its own class, so that a converter that the agent also calls
 * directly ({@link Durations#parse}) does not load picocli's exception classes into the agent (AgentConfigFileTest).
 */
final class BadValue {
    private BadValue() {}

    static RuntimeException of(String message) {
        return new TypeConversionException(message);
    }
}
