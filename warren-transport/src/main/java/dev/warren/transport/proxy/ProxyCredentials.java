package dev.warren.transport.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A proxy user name and password, read from a file that holds one line {@code user:password} and that only its owner
 * may read (like ssh's keys): a file others can read is refused. {@link #toString()} hides the password.
 */
public record ProxyCredentials(String username, String password) {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    public ProxyCredentials {
        if (username == null || username.isEmpty() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("proxy credentials: user name is empty or has a ':'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("proxy credentials: password is empty");
        }
    }

    public static ProxyCredentials read(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
            extra.addAll(permissions);
            extra.retainAll(OTHERS);
            if (!extra.isEmpty()) {
                throw new IllegalArgumentException("proxy credentials " + file + ": readable by others ("
                        + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                        + "); make it owner-only: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new IllegalArgumentException("proxy credentials " + file + ": cannot read (" + e.getMessage() + ")");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("proxy credentials " + file + ": cannot read (" + e.getMessage() + ")");
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("proxy credentials " + file + ": expected one line user:password");
        }
        return new ProxyCredentials(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "ProxyCredentials[" + username + ":***]";
    }
}
