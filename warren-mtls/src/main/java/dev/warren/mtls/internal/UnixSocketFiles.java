package dev.warren.mtls.internal;

import dev.warren.mtls.SocketFileOptions;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of a listening Unix socket: before binding, a stale socket left by a process that died is removed, but a
 * live one (another process accepts on it) or anything that is not a socket is never touched; after binding, its
 * mode, owner and group are set as asked.
 */
final class UnixSocketFiles {
    private static final Logger log = LoggerFactory.getLogger(UnixSocketFiles.class);

    private UnixSocketFiles() {}

    static void prepare(Path path) {
        Path dir = path.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("unix:" + path + ": the directory " + dir + " does not exist (expected: an"
                    + " existing directory, e.g. systemd's RuntimeDirectory=)");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new IllegalArgumentException("unix:" + path + ": exists and is not a socket (refusing to replace it)");
        }
        String owner = owner(path);
        if (isLive(path)) {
            throw new IllegalArgumentException("unix:" + path + ": a live socket owned by " + owner
                    + " is already there: another process accepts connections on it (refusing to take it over; stop that"
                    + " process or choose another path)");
        }
        try {
            Files.delete(path);
            log.info("unix:{}: removed a stale socket (owner {}, nobody listening)", path, owner);
        } catch (IOException e) {
            throw new IllegalArgumentException("unix:" + path + ": a stale socket that cannot be removed (" + e + ")", e);
        }
    }

    /** Sets mode, owner and group of a socket just bound. */
    static void apply(Path path, SocketFileOptions options) {
        try {
            // by path (chmod, chown): a socket cannot be opened for fchmod, so NOFOLLOW_LINKS (open + fchmod) would fail with ENXIO
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            if (options.owner() != null) {
                view.setOwner(lookup(path, "user", options.owner(), users::lookupPrincipalByName));
            }
            if (options.group() != null) {
                GroupPrincipal group = lookup(path, "group", options.group(), users::lookupPrincipalByGroupName);
                view.setGroup(group);
            }
            if (options.mode() != null) {
                view.setPermissions(options.permissions());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unix:" + path + ": cannot set mode/owner/group (" + e + ")", e);
        }
    }

    private interface Lookup<T> {
        T find(String name) throws IOException;
    }

    /** The JDK's not-found exception names nobody (its getName() is empty on Linux): say which name was not found. */
    private static <T> T lookup(Path path, String kind, String name, Lookup<T> lookup) throws IOException {
        try {
            return lookup.find(name);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("unix:" + path + ": no such " + kind + " '" + name + "'", e);
        }
    }

    private static boolean isSocket(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isSymbolicLink(path);
        }
    }

    private static boolean isLive(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            return false; // ECONNREFUSED: nobody accepts there
        }
    }

    private static String owner(Path path) {
        try {
            return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName() + " (uid "
                    + Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ")";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "an unknown user";
        }
    }
}
