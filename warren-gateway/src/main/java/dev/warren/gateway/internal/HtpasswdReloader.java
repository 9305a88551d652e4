package dev.warren.gateway.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current htpasswd users and swaps in a new set when the file changes. It polls the file's modification time,
 * size and inode once a second rather than using inotify: polling also sees a file replaced by rename, an editor's
 * save, and a Kubernetes secret's symlink swap, which directory watches miss or report late. A file that does not
 * parse (or cannot be read) leaves the previous users in place and is logged with the reason.
 */
public final class HtpasswdReloader {
    private static final Logger log = LoggerFactory.getLogger(HtpasswdReloader.class);

    private final Path file;
    private final boolean allowWeak;
    private final AtomicReference<Htpasswd> current;
    private volatile Object lastSeen;

    /** Reads the file once; a bad file at start is an error (the gateway does not start). */
    public HtpasswdReloader(Path file, boolean allowWeak) throws IOException {
        this.file = file;
        this.allowWeak = allowWeak;
        this.lastSeen = stamp();
        this.current = new AtomicReference<>(Htpasswd.read(file, allowWeak));
    }

    public Map<String, PasswordHash> users() {
        return current.get().users();
    }

    /** Called periodically; returns true if a new file was loaded. */
    public boolean poll() {
        Object stamp;
        try {
            stamp = stamp();
        } catch (IOException e) {
            if (lastSeen != null) {
                log.warn("htpasswd {}: cannot read ({}); keeping the previous {} users", file, e.getMessage(),
                        users().size());
                lastSeen = null;
            }
            return false;
        }
        if (Objects.equals(stamp, lastSeen)) {
            return false;
        }
        lastSeen = stamp;
        try {
            Htpasswd next = Htpasswd.read(file, allowWeak);
            current.set(next);
            log.info("htpasswd {}: reloaded, {} users", file, next.users().size());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            log.warn("htpasswd {}: not reloaded, keeping the previous {} users: {}", file, users().size(),
                    e.getMessage());
            return false;
        }
    }

    private Object stamp() throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return java.util.List.of(a.lastModifiedTime().toMillis(), a.size(), String.valueOf(a.fileKey()));
    }
}
