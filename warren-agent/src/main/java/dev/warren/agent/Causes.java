package dev.warren.agent;

/** Messages for people from exception chains (its own class: {@code agent run} must not load {@link Enrollment}). */
final class Causes {
    private Causes() {}

    /** The message of the innermost cause, or its class name when it has none. */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
