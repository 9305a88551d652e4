package dev.warren.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a user and password against the current htpasswd users (or the one generated user), with a cache so that a
 * storm of tunnels with the same credentials costs one bcrypt, not one each.
 *
 * <p>The cache key is an HMAC of user and password under a random per-process key: the cache never holds a password,
 * and its keys are useless outside this process. Each entry remembers the hash it was checked against; a reload that
 * changes (or removes) a user's hash makes the entry stale at once. Wrong passwords are cached too (a client retrying
 * the same wrong password costs nothing), so each distinct guess costs one bcrypt, which is the point of bcrypt.
 * The cache is bounded: when full it is emptied (cheap, and a full cache means someone is guessing).
 */
public final class Authenticator {
    static final int MAX_CACHED = 10_000;

    private final Supplier<Map<String, PasswordHash>> users;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final byte[] key = new byte[32];
    /** One keyed MAC per thread: Mac.getInstance and init cost more than the MAC itself. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private record Cached(PasswordHash against, boolean ok) {}

    /**
     * An unknown user is checked against this bcrypt hash of a random password (cost 5, htpasswd -B's default) and
     * always refused: it takes as long as a known user's wrong password, so timing does not tell which users exist.
     */
    private final PasswordHash unknownUser;

    public Authenticator(Supplier<Map<String, PasswordHash>> users) {
        this.users = users;
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        char[] nobody = java.util.HexFormat.of().formatHex(salt).toCharArray();
        random.nextBytes(salt);
        this.unknownUser = new PasswordHash.Bcrypt(org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("2b", nobody, salt, 5));
    }

    /** One fixed user (the generated password, or {@code WARREN_GATEWAY_PASSWORD}). */
    public static Authenticator single(String user, String password) {
        Map<String, PasswordHash> one = Map.of(user, new PasswordHash.Plain(password));
        return new Authenticator(() -> one);
    }

    /** May run bcrypt: call it off the event loop. */
    public boolean check(String user, String password) {
        return verdict(user, password, true);
    }

    /**
     * The verdict when it costs no bcrypt (a cached result, or an entry that is not bcrypt), else null: such checks may
     * run on the event loop. One MAC of the credentials, where asking "cached?" and then "check" would take two.
     */
    public Boolean quickCheck(String user, String password) {
        return verdict(user, password, false);
    }

    private Boolean verdict(String user, String password, boolean mayBcrypt) {
        PasswordHash hash = users.get().get(user);
        boolean known = hash != null;
        if (!known) {
            hash = unknownUser;
        }
        String k = mac(user, password);
        Cached hit = cache.get(k);
        if (hit != null && hit.against == hash) {
            return hit.ok;
        }
        if (!mayBcrypt && hash instanceof PasswordHash.Bcrypt) {
            return null;
        }
        boolean ok = hash.verify(password);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(k, new Cached(hash, ok));
        return ok && known;
    }

    int cacheSize() {
        return cache.size();
    }

    private String mac(String user, String password) {
        Mac mac = macs.get();
        mac.update(user.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(password.getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(mac.doFinal());
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
