package dev.warren.mtls;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may connect to a listening Unix socket: its mode ({@code 0660}) and owner and group (names or numeric ids).
 * Null fields leave the process's defaults (umask, effective user and group).
 */
public record SocketFileOptions(String mode, String owner, String group) {

    public static final SocketFileOptions DEFAULTS = new SocketFileOptions(null, null, null);
    private static final Pattern OCTAL = Pattern.compile("0?[0-7]{3}");
    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}\\$?");

    public SocketFileOptions {
        if (mode != null && !OCTAL.matcher(mode).matches()) {
            throw new IllegalArgumentException("socket-mode: '" + mode + "' (expected: octal such as 0660)");
        }
        if (owner != null && !PRINCIPAL.matcher(owner).matches()) {
            throw new IllegalArgumentException("socket-owner: '" + owner + "' (expected: a user name or uid)");
        }
        if (group != null && !PRINCIPAL.matcher(group).matches()) {
            throw new IllegalArgumentException("socket-group: '" + group + "' (expected: a group name or gid)");
        }
    }

    public boolean isDefault() {
        return mode == null && owner == null && group == null;
    }

    /** The mode as POSIX permissions (setuid/setgid/sticky bits are not accepted), or null. */
    public Set<PosixFilePermission> permissions() {
        if (mode == null) {
            return null;
        }
        int bits = Integer.parseInt(mode, 8);
        StringBuilder s = new StringBuilder();
        String rwx = "rwx";
        for (int shift = 8; shift >= 0; shift--) {
            s.append((bits & (1 << shift)) != 0 ? rwx.charAt((8 - shift) % 3) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }
}
