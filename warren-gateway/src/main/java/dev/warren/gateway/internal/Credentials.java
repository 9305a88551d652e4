package dev.warren.gateway.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks Basic credentials against the current htpasswd, reloading the file when its modification time or size
 * changes (a broken file keeps the old users and logs why). Successful bcrypt checks are cached for a short time,
 * keyed by a SHA-256 of user and password, so a storm of tunnels does not burn CPU; a reload drops the cache.
 */
public final class Credentials {
    private static final Logger log = LoggerFactory.getLogger(Credentials.class);
    private static final long CACHE_NANOS = 60_000_000_000L;
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Path file;
    private final boolean allowWeak;
    private volatile Htpasswd users;
    private volatile String stamp;
    private volatile long checkedAt = System.nanoTime();
    private final ConcurrentHashMap<String, Long> verified = new ConcurrentHashMap<>();

    private Credentials(Path file, boolean allowWeak, Htpasswd users, String stamp) {
        this.file = file;
        this.allowWeak = allowWeak;
        this.users = users;
        this.stamp = stamp;
    }

    public static Credentials fromFile(Path file, boolean allowWeak) throws IOException {
        String stamp = stamp(file);
        return new Credentials(file, allowWeak, Htpasswd.load(file, allowWeak), stamp);
    }

    public static Credentials fixed(Htpasswd users) {
        return new Credentials(null, false, users, "");
    }

    /** Parses a {@code Proxy-Authorization} header value and checks it; returns the user name, or null. */
    public String authenticate(String header) {
        if (header == null) return null;
        String h = header.strip();
        if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) return null;
        String user = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        return check(user, password) ? user : null;
    }

    boolean check(String user, char[] password) {
        maybeReload();
        Htpasswd current = users;
        String key = cacheKey(user, password);
        Long at = verified.get(key);
        long now = System.nanoTime();
        if (at != null && now - at < CACHE_NANOS) return true;
        boolean ok = current.verify(user, password);
        if (ok && current.isBcrypt(user) && current == users) verified.put(key, now);
        if (verified.size() > 10_000) verified.clear();
        return ok;
    }

    /** Reloads when the file changed; at most once a second. */
    void maybeReload() {
        if (file == null) return;
        long now = System.nanoTime();
        if (now - checkedAt < RECHECK_NANOS) return;
        checkedAt = now;
        reloadIfChanged();
    }

    public synchronized void reloadIfChanged() {
        if (file == null) return;
        try {
            String s = stamp(file);
            if (Objects.equals(s, stamp)) return;
            Htpasswd fresh = Htpasswd.load(file, allowWeak);
            users = fresh;
            stamp = s;
            verified.clear();
            log.info("gateway: reloaded {} ({} users)", file, fresh.size());
        } catch (IOException | IllegalArgumentException e) {
            log.warn("gateway: keeping the previous users, {} could not be loaded: {}", file, e.getMessage());
        }
    }

    private static String stamp(Path file) throws IOException {
        FileTime t = Files.getLastModifiedTime(file);
        return t.toMillis() + "/" + Files.size(file) + "/" + Files.readAttributes(file, "unix:ino").get("ino");
    }

    private static String cacheKey(String user, char[] password) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(user.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(new String(password).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
