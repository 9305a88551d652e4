package dev.warren.agent;

import dev.warren.common.text.ConnectErrors;

/** Messages for people from exception chains (its own class: {@code agent run} must not load {@link Enrollment}). */
final class Causes {
    private Causes() {}

    /** The message of the innermost cause (or its class name), without Netty's and the JDK's jargon. */
    static String rootMessage(Throwable t) {
        return ConnectErrors.describe(t);
    }
}
