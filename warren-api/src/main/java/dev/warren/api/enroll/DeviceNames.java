package dev.warren.api.enroll;

import java.util.Optional;
import java.util.regex.Pattern;

/** Device names: 1..63 characters, lowercase letters, digits, '.', '_' and '-', starting with a letter or digit. */
public final class DeviceNames {
    public static final int MAX_LENGTH = 63;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private DeviceNames() {}

    /** Empty if {@code name} is valid; otherwise what is wrong with it. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("name: empty (expected: 1.." + MAX_LENGTH + " characters)");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("name: " + name.length() + " characters (expected: 1.." + MAX_LENGTH + ")");
        }
        if (NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        String shown = "'" + name.replaceAll("\\p{Cntrl}", "?") + "'";
        if (NAME.matcher(name.toLowerCase(java.util.Locale.ROOT)).matches()) {
            return Optional.of("name: " + shown + " (expected: lowercase)");
        }
        return Optional.of("name: " + shown + " (expected: a-z, 0-9, '.', '_' and '-', starting with a letter or digit)");
    }

    public static boolean isValid(String name) {
        return problem(name).isEmpty();
    }
}
