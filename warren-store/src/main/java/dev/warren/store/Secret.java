package dev.warren.store;

import dev.warren.store.internal.Checks;

/**
 * A password or other secret that must never be printed: {@link #toString()} is {@code "****"};
 * {@link #reveal()} returns the value for the one place that needs it.
 */
public record Secret(String value) {
    public Secret {
        Checks.notNull("secret", value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "****";
    }
}
