package dev.warren.gateway.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The users of an Apache htpasswd file ({@code user:hash} lines; blank lines and {@code #} comments skipped). */
public record Htpasswd(Map<String, PasswordHash> users) {

    public Htpasswd {
        users = Map.copyOf(users);
    }

    /** Reads and validates a whole file; any bad line refuses the whole file (naming the line, never the hash). */
    public static Htpasswd read(Path file, boolean allowWeak) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString(), allowWeak);
    }

    public static Htpasswd parse(List<String> lines, String where, boolean allowWeak) {
        Map<String, PasswordHash> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String at = where + " line " + (i + 1);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(at + ": expected user:hash");
            }
            String user = line.substring(0, colon);
            PasswordHash hash;
            try {
                hash = PasswordHash.parse(line.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + " (user " + user + "): " + e.getMessage());
            }
            if (hash.weak() && !allowWeak) {
                throw new IllegalArgumentException(at + " (user " + user + "): weak hash scheme " + hash.scheme()
                        + " refused (make it with htpasswd -B, or pass --allow-weak-hashes)");
            }
            if (users.putIfAbsent(user, hash) != null) {
                throw new IllegalArgumentException(at + ": user " + user + " appears twice");
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(where + ": no users");
        }
        return new Htpasswd(users);
    }
}
